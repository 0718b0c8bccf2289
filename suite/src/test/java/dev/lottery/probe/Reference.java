package dev.lottery.probe;

/**
 * Independent double-precision versions of the probe's maths, written straight from the formulas
 * (PyTorch SGD, SimSiam LARS, softmax cross-entropy), used as the oracle in tests.
 */
final class Reference {

    private Reference() {}

    /** Mean softmax cross-entropy of a head (w row-major [c][d]) on rows of x (row-major [n][d]). */
    static double loss(double[] x, int[] y, int n, int d, int c, double[] w, double[] b) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] z = logits(x, i, d, c, w, b);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - z[y[i]];
        }
        return total / n;
    }

    /** {dW row-major [c][d], db [c]} of the mean cross-entropy over the given rows. */
    static double[][] gradient(double[] x, int[] y, int[] rows, int d, int c, double[] w, double[] b) {
        double[] dw = new double[c * d];
        double[] db = new double[c];
        for (int i : rows) {
            double[] z = logits(x, i, d, c, w, b);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                z[k] = Math.exp(z[k] - max);
                sum += z[k];
            }
            for (int k = 0; k < c; k++) {
                double g = (z[k] / sum - (k == y[i] ? 1 : 0)) / rows.length;
                db[k] += g;
                for (int j = 0; j < d; j++) {
                    dw[k * d + j] += g * x[i * d + j];
                }
            }
        }
        return new double[][] {dw, db};
    }

    static double[] logits(double[] x, int i, int d, int c, double[] w, double[] b) {
        double[] z = new double[c];
        for (int k = 0; k < c; k++) {
            double s = b[k];
            for (int j = 0; j < d; j++) {
                s += x[i * d + j] * w[k * d + j];
            }
            z[k] = s;
        }
        return z;
    }

    /** Optimizer state: parameters and momentum buffers, updated in place by {@link #step}. */
    static final class State {
        final double[] w;
        final double[] b;
        final double[] bufW;
        final double[] bufB;
        boolean first = true;

        State(LinearHead head) {
            w = toDouble(head.weight());
            b = toDouble(head.bias());
            bufW = new double[w.length];
            bufB = new double[b.length];
        }
    }

    /** One step exactly as torch.optim.SGD (or SimSiam's LARS) would take it. */
    static void step(State s, double[][] grad, Routine r, double lr) {
        double[] gw = grad[0].clone();
        double[] gb = grad[1].clone();
        boolean lars = r.optimizer() == Optimizer.LARS;
        for (int i = 0; i < gw.length; i++) {
            gw[i] += r.weightDecay() * s.w[i];
        }
        if (!lars) {
            for (int i = 0; i < gb.length; i++) {
                gb[i] += r.weightDecay() * s.b[i];
            }
        } else {
            double wn = norm(s.w);
            double gn = norm(gw);
            double q = wn > 0 && gn > 0 ? r.larsTrust() * wn / gn : 1;
            for (int i = 0; i < gw.length; i++) {
                gw[i] *= q;
            }
        }
        sgd(s.w, gw, s.bufW, s.first, r, lr);
        sgd(s.b, gb, s.bufB, s.first, r, lr);
        s.first = false;
    }

    private static void sgd(double[] p, double[] g, double[] buf, boolean first, Routine r, double lr) {
        for (int i = 0; i < p.length; i++) {
            double update = g[i];
            if (r.momentum() != 0) {
                buf[i] = first ? g[i] : r.momentum() * buf[i] + g[i];
                update = r.nesterov() ? g[i] + r.momentum() * buf[i] : buf[i];
            }
            p[i] -= lr * update;
        }
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
