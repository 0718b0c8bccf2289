package dev.lottery.data;

/**
 * Separable resampling. {@link #resize8} is Pillow's 8-bit algorithm bit for bit (used for model
 * inputs). {@link #resize} is the float variant: of float planes in the manner of PIL's {@code resize}: each output pixel
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

    /** Pillow's fixed-point precision for 8-bit resampling ({@code PRECISION_BITS} in Resample.c). */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /**
     * Resizes an 8-bit HWC image exactly as Pillow's {@code Image.resize} does for modes L and RGB:
     * coefficients normalised in double, rounded to 22-bit fixed point, a horizontal pass whose
     * result is rounded and clipped to 8 bits, then a vertical pass likewise. This is what
     * torchvision's {@code Resize} runs on a PIL image, so the result is bit-identical to it.
     */
    public static int[] resize8(int[] src, int w, int h, int channels, int outW, int outH, Filter filter) {
        return resize8Window(src, w, h, channels, outW, outH, 0, 0, outW, outH, filter);
    }

    /**
     * The {@code winW x winH} window at ({@code left}, {@code top}) of {@link #resize8}'s result,
     * computing only the pixels the window needs (each output pixel depends only on its own taps,
     * so a centre crop after the resize costs a third less and gives the same values).
     */
    public static int[] resize8Window(int[] src, int w, int h, int c, int outW, int outH, int left, int top,
            int winW, int winH, Filter filter) {
        Taps cols = outW == w ? null : Taps.of(w, outW, left, winW, filter);
        Taps rows = outH == h ? null : Taps.of(h, outH, top, winH, filter);
        // input rows the vertical pass reads (all of the window's rows when there is no vertical pass)
        int firstRow = rows == null ? top : rows.lo[0];
        int lastRow = rows == null ? top + winH : rows.lo[winH - 1] + rows.n[winH - 1];
        for (int o = 0; rows != null && o < winH; o++) {
            firstRow = Math.min(firstRow, rows.lo[o]);
            lastRow = Math.max(lastRow, rows.lo[o] + rows.n[o]);
        }
        int tempH = lastRow - firstRow;
        int[] temp = new int[winW * tempH * c];
        for (int y = 0; y < tempH; y++) {
            int inRow = (firstRow + y) * w * c;
            int outRow = y * winW * c;
            if (cols == null) {
                System.arraycopy(src, inRow + left * c, temp, outRow, winW * c);
                continue;
            }
            for (int o = 0; o < winW; o++) {
                int lo = cols.lo[o];
                int n = cols.n[o];
                int[] k = cols.k[o];
                if (c == 3) { // RGB: one pass over the taps for all three channels (the same integer sums)
                    int r = 1 << (PRECISION_BITS - 1);
                    int g = r;
                    int b = r;
                    for (int x = 0, at = inRow + lo * 3; x < n; x++, at += 3) {
                        r += src[at] * k[x];
                        g += src[at + 1] * k[x];
                        b += src[at + 2] * k[x];
                    }
                    temp[outRow + o * 3] = clip8(r);
                    temp[outRow + o * 3 + 1] = clip8(g);
                    temp[outRow + o * 3 + 2] = clip8(b);
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    int acc = 1 << (PRECISION_BITS - 1);
                    for (int x = 0; x < n; x++) {
                        acc += src[inRow + (lo + x) * c + ch] * k[x];
                    }
                    temp[outRow + o * c + ch] = clip8(acc);
                }
            }
        }
        if (rows == null) {
            return temp;
        }
        int[] out = new int[winW * winH * c];
        int stride = winW * c;
        for (int o = 0; o < winH; o++) {
            int lo = rows.lo[o] - firstRow;
            int n = rows.n[o];
            int[] k = rows.k[o];
            int outRow = o * stride;
            // the output row accumulates tap row by tap row: sequential reads of temp instead of one
            // column walk per value; int sums in another order are the same sums (wrapping addition is associative)
            java.util.Arrays.fill(out, outRow, outRow + stride, 1 << (PRECISION_BITS - 1));
            for (int y = 0; y < n; y++) {
                int in = (lo + y) * stride;
                int ky = k[y];
                for (int i = 0; i < stride; i++) {
                    out[outRow + i] += temp[in + i] * ky;
                }
            }
            for (int i = outRow; i < outRow + stride; i++) {
                out[i] = clip8(out[i]);
            }
        }
        return out;
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for outputs [first, first + count). */
    private record Taps(int[] lo, int[] n, int[][] k) {
        static Taps of(int inSize, int outSize, int first, int count, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            double ss = 1.0 / filterScale;
            int[] los = new int[count];
            int[] ns = new int[count];
            int[][] ks = new int[count][];
            for (int j = 0; j < count; j++) {
                int o = first + j;
                double center = (o + 0.5) * scale;
                int lo = Math.max(0, (int) (center - support + 0.5));
                int hi = Math.min(inSize, (int) (center + support + 0.5));
                int n = Math.max(0, hi - lo);
                double[] wts = new double[n];
                double ww = 0;
                for (int x = 0; x < n; x++) {
                    wts[x] = filter.weight((x + lo - center + 0.5) * ss);
                    ww += wts[x];
                }
                int[] fixed = new int[n];
                for (int x = 0; x < n; x++) {
                    double v = ww != 0.0 ? wts[x] / ww : wts[x];
                    fixed[x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                los[j] = lo;
                ns[j] = n;
                ks[j] = fixed;
            }
            return new Taps(los, ns, ks);
        }
    }

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
