package dev.lottery.data;

/**
 * Separable resampling of float planes in the manner of PIL's {@code resize}: each output pixel
 * is a normalised weighted sum of input pixels under the filter, whose support is widened by the
 * scale factor when downscaling (antialiasing). Intermediate values stay float (PIL rounds to
 * 8 bits between passes), so results match PIL to within rounding, not bit for bit.
 */
public final class Resampler {
    /** The interpolation filter. */
    public enum Filter {
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
        };

        final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);

        public static Filter of(String name) {
            return switch (name) {
                case "bilinear" -> BILINEAR;
                case "bicubic" -> BICUBIC;
                default -> throw new IllegalArgumentException("expected bilinear or bicubic, found '" + name + "'");
            };
        }
    }

    private Resampler() {}

    /** Resizes an HWC float image of {@code channels} channels from w x h to outW x outH. */
    public static float[] resize(float[] src, int w, int h, int channels, int outW, int outH, Filter filter) {
        float[] horizontal = (outW == w) ? src : pass(src, w, h, channels, outW, filter, true);
        return (outH == h) ? horizontal : pass(horizontal, outW, h, channels, outH, filter, false);
    }

    private static float[] pass(float[] src, int w, int h, int c, int outSize, Filter filter, boolean alongX) {
        int inSize = alongX ? w : h;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int outW = alongX ? outSize : w;
        int outH = alongX ? h : outSize;
        float[] out = new float[outW * outH * c];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max(0, (int) (center - support + 0.5));
            int hi = Math.min(inSize, (int) (center + support + 0.5));
            double[] weights = new double[Math.max(0, hi - lo)];
            double total = 0;
            for (int i = lo; i < hi; i++) {
                double wgt = filter.weight((i - center + 0.5) / filterScale);
                weights[i - lo] = wgt;
                total += wgt;
            }
            if (total != 0) {
                for (int i = 0; i < weights.length; i++) {
                    weights[i] /= total;
                }
            }
            int lines = alongX ? h : w;
            for (int line = 0; line < lines; line++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = 0;
                    for (int i = lo; i < hi; i++) {
                        int idx = alongX ? ((line * w + i) * c + ch) : ((i * w + line) * c + ch);
                        acc += weights[i - lo] * src[idx];
                    }
                    int outIdx = alongX ? ((line * outW + o) * c + ch) : ((o * outW + line) * c + ch);
                    out[outIdx] = (float) acc;
                }
            }
        }
        return out;
    }
}
