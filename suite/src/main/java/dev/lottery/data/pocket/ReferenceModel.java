package dev.lottery.data.pocket;

import java.util.Random;

/**
 * The fixed reference model that decides which digits are "adversarial" (hard): multinomial
 * logistic regression on raw pixels / 255, zero-initialised, trained by plain per-sample SGD
 * for a fixed number of epochs with a seeded shuffle. Plain Java floats, so it is deterministic.
 */
final class ReferenceModel {
    static final int EPOCHS = 8;
    static final double LEARNING_RATE = 0.02;

    private final int classes;
    private final int dims;
    private final float[] weights; // classes x dims
    private final float[] bias;

    private ReferenceModel(int classes, int dims) {
        this.classes = classes;
        this.dims = dims;
        this.weights = new float[classes * dims];
        this.bias = new float[classes];
    }

    static ReferenceModel train(byte[][] images, int[] labels, int classes, long seed) {
        ReferenceModel m = new ReferenceModel(classes, images[0].length);
        int n = images.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        float[] x = new float[m.dims];
        float[] p = new float[classes];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int idx : order) {
                toInput(images[idx], x);
                m.probabilities(x, p);
                for (int c = 0; c < classes; c++) {
                    float g = p[c] - (labels[idx] == c ? 1f : 0f);
                    if (g == 0f) {
                        continue;
                    }
                    float step = (float) LEARNING_RATE * g;
                    int base = c * m.dims;
                    for (int d = 0; d < m.dims; d++) {
                        m.weights[base + d] -= step * x[d];
                    }
                    m.bias[c] -= step;
                }
            }
        }
        return m;
    }

    private static void toInput(byte[] image, float[] x) {
        for (int d = 0; d < x.length; d++) {
            x[d] = (image[d] & 0xFF) / 255f;
        }
    }

    private void logits(float[] x, float[] out) {
        for (int c = 0; c < classes; c++) {
            float s = bias[c];
            int base = c * dims;
            for (int d = 0; d < dims; d++) {
                s += weights[base + d] * x[d];
            }
            out[c] = s;
        }
    }

    private void probabilities(float[] x, float[] p) {
        logits(x, p);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : p) {
            max = Math.max(max, v);
        }
        float sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = (float) Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
    }

    /** Arg-max class over all classes (ties go to the lower index). */
    int predict(byte[] image) {
        return predict(image, null);
    }

    /** Arg-max over the allowed classes only (all when {@code allowed} is null). */
    int predict(byte[] image, boolean[] allowed) {
        float[] x = new float[dims];
        toInput(image, x);
        float[] z = new float[classes];
        logits(x, z);
        int best = -1;
        for (int c = 0; c < classes; c++) {
            if ((allowed == null || allowed[c]) && (best < 0 || z[c] > z[best])) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of images whose arg-max (over {@code allowed}, or all) equals the label. */
    double accuracy(byte[][] images, int[] labels, boolean[] allowed) {
        int correct = 0;
        for (int i = 0; i < images.length; i++) {
            if (predict(images[i], allowed) == labels[i]) {
                correct++;
            }
        }
        return images.length == 0 ? Double.NaN : (double) correct / images.length;
    }
}
