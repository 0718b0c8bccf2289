package dev.lottery.backbone;

import java.util.Map;

/**
 * A naive, independent forward pass of a torchvision bottleneck ResNet on plain arrays
 * (layout [c][h][w] per image), used to check the TensorFlow graph numerically. Written
 * from PyTorch's definitions: symmetric zero padding, floor output sizes, -inf max-pool padding;
 * and, for the TensorFlow conventions ({@link Padding}), from TF's 'SAME' rule: output
 * ceil(n / s), total padding max((out - 1) * s + k - n, 0), the smaller half before.
 */
final class ReferenceResNet {

    /** One image's activations: channels x height x width, row-major. */
    record Act(int c, int h, int w, double[] v) {
        double get(int ch, int y, int x) {
            return v[(ch * h + y) * w + x];
        }
    }

    private final int[] blocks;
    private final Map<String, WeightTensor> w;
    private final Padding padding;

    ReferenceResNet(int[] blocks, Map<String, WeightTensor> weights) {
        this(blocks, weights, Padding.TORCH);
    }

    ReferenceResNet(int[] blocks, Map<String, WeightTensor> weights, Padding padding) {
        this.blocks = blocks;
        this.w = weights;
        this.padding = padding;
    }

    /** {before, after} padding of one spatial axis of size {@code n}; {@code torchPad} is PyTorch's. */
    static int[] pads(int n, int k, int stride, int torchPad, boolean same) {
        if (!same) {
            return new int[] {torchPad, torchPad};
        }
        int out = (n + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + k - n, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** Features (and logits when fc.* exists) for one NHWC image at index {@code i} of the batch. */
    double[][] forward(float[] nhwc, int i, int height, int width, int channels) {
        double[] v = new double[channels * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    v[(c * height + y) * width + x] = nhwc[((i * height + y) * width + x) * channels + c];
                }
            }
        }
        Act a = new Act(channels, height, width, v);
        a = relu(bn(conv(a, "conv1.weight", 2, 3), "bn1"));
        a = maxPool3x3s2(a, padding.samePool());
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                int stride = (b == 0 && s > 0) ? 2 : 1;
                Act out = relu(bn(conv(a, p + "conv1.weight", 1, 0), p + "bn1"));
                out = relu(bn(conv(out, p + "conv2.weight", stride, 1), p + "bn2"));
                out = bn(conv(out, p + "conv3.weight", 1, 0), p + "bn3");
                Act identity = w.containsKey(p + "downsample.0.weight")
                        ? bn(conv(a, p + "downsample.0.weight", stride, 0), p + "downsample.1")
                        : a;
                double[] sum = new double[out.v.length];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] = out.v[k] + identity.v[k];
                }
                a = relu(new Act(out.c, out.h, out.w, sum));
            }
        }
        double[] features = new double[a.c];
        for (int c = 0; c < a.c; c++) {
            double s = 0;
            for (int y = 0; y < a.h; y++) {
                for (int x = 0; x < a.w; x++) {
                    s += a.get(c, y, x);
                }
            }
            features[c] = s / (a.h * a.w);
        }
        if (!w.containsKey("fc.weight")) {
            return new double[][] {features};
        }
        WeightTensor fw = w.get("fc.weight");
        float[] fb = w.get("fc.bias").values();
        int classes = (int) fw.shape()[0];
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) {
            double s = fb[k];
            for (int c = 0; c < features.length; c++) {
                s += fw.values()[k * features.length + c] * features[c];
            }
            logits[k] = s;
        }
        return new double[][] {features, logits};
    }

    private Act conv(Act in, String key, int stride, int pad) {
        WeightTensor t = w.get(key);
        long[] s = t.shape();
        int out = (int) s[0], cin = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        if (cin != in.c) {
            throw new IllegalStateException(key + " expects " + cin + " channels, got " + in.c);
        }
        int[] py = pads(in.h, kh, stride, pad, padding.sameConvs());
        int[] px = pads(in.w, kw, stride, pad, padding.sameConvs());
        int oh = (in.h + py[0] + py[1] - kh) / stride + 1;
        int ow = (in.w + px[0] + px[1] - kw) / stride + 1;
        double[] v = new double[out * oh * ow];
        float[] k = t.values();
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double acc = 0;
                    for (int c = 0; c < cin; c++) {
                        for (int dy = 0; dy < kh; dy++) {
                            int iy = y * stride - py[0] + dy;
                            if (iy < 0 || iy >= in.h) {
                                continue;
                            }
                            for (int dx = 0; dx < kw; dx++) {
                                int ix = x * stride - px[0] + dx;
                                if (ix < 0 || ix >= in.w) {
                                    continue;
                                }
                                acc += k[((o * cin + c) * kh + dy) * kw + dx] * in.get(c, iy, ix);
                            }
                        }
                    }
                    v[(o * oh + y) * ow + x] = acc;
                }
            }
        }
        return new Act(out, oh, ow, v);
    }

    private Act bn(Act in, String prefix) {
        float[] g = w.get(prefix + ".weight").values();
        float[] b = w.get(prefix + ".bias").values();
        float[] m = w.get(prefix + ".running_mean").values();
        float[] var = w.get(prefix + ".running_var").values();
        double[] v = new double[in.v.length];
        int plane = in.h * in.w;
        for (int c = 0; c < in.c; c++) {
            double scale = g[c] / Math.sqrt(var[c] + 1e-5);
            for (int k = 0; k < plane; k++) {
                v[c * plane + k] = (in.v[c * plane + k] - m[c]) * scale + b[c];
            }
        }
        return new Act(in.c, in.h, in.w, v);
    }

    private static Act relu(Act in) {
        double[] v = in.v.clone();
        for (int k = 0; k < v.length; k++) {
            v[k] = Math.max(0, v[k]);
        }
        return new Act(in.c, in.h, in.w, v);
    }

    /** The stem pool: 3x3, stride 2, padding 1/1 (PyTorch) or 'SAME'; padded cells never win. */
    static Act maxPool3x3s2(Act in, boolean same) {
        int[] py = pads(in.h, 3, 2, 1, same);
        int[] px = pads(in.w, 3, 2, 1, same);
        int oh = (in.h + py[0] + py[1] - 3) / 2 + 1;
        int ow = (in.w + px[0] + px[1] - 3) / 2 + 1;
        double[] v = new double[in.c * oh * ow];
        for (int c = 0; c < in.c; c++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 3; dy++) {
                        for (int dx = 0; dx < 3; dx++) {
                            int iy = y * 2 - py[0] + dy, ix = x * 2 - px[0] + dx;
                            if (iy >= 0 && iy < in.h && ix >= 0 && ix < in.w) {
                                m = Math.max(m, in.get(c, iy, ix));
                            }
                        }
                    }
                    v[(c * oh + y) * ow + x] = m;
                }
            }
        }
        return new Act(in.c, oh, ow, v);
    }
}
