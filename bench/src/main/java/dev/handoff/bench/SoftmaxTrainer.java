package dev.handoff.bench;

import dev.handoff.app.assistant.LinearModel;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Trains a {@link LinearModel}: softmax regression by full-batch gradient descent with Adam (Kingma and
 * Ba, 2015) on the weighted cross-entropy plus an L2 penalty on the weights (not the biases). Small and
 * deterministic: the same data give the same weights.
 */
final class SoftmaxTrainer {

    private SoftmaxTrainer() {
    }

    /**
     * @param embedding  the embedding model's name, recorded in the model
     * @param labels     the classes
     * @param x          feature vectors, one a row
     * @param y          each row's class index into {@code labels}
     * @param weight     each row's weight in the loss (class balancing)
     * @param l2         the L2 penalty (per unit of total row weight)
     * @param iterations gradient steps
     * @return the model, with every threshold 0 (the caller calibrates them)
     * @throws IllegalArgumentException when a row's length differs from the first's or a class index is outside {@code labels}
     */
    static LinearModel train(String embedding, List<String> labels, double[][] x, int[] y, double[] weight, double l2, int iterations) {
        int k = labels.size();
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("Row " + i + " has " + x[i].length + " features, row 0 has " + d);
            }
            if (y[i] < 0 || y[i] >= k) {
                throw new IllegalArgumentException("Row " + i + " has label index " + y[i] + ", outside the " + k + " labels");
            }
        }
        double[][] w = new double[k][d];
        double[] b = new double[k];
        double[][] mw = new double[k][d], vw = new double[k][d];
        double[] mb = new double[k], vb = new double[k];
        double total = Arrays.stream(weight).sum();
        double rate = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        // the non-zero features of each row: word n-gram features are sparse, so the gradient skips the zeros
        int[][] nz = new int[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] xi = x[i];
            nz[i] = IntStream.range(0, d).filter(j -> xi[j] != 0).toArray();
        }
        double[] z = new double[k];
        for (int t = 1; t <= iterations; t++) {
            double[][] gw = new double[k][d];
            double[] gb = new double[k];
            for (int i = 0; i < x.length; i++) {
                double[] xi = x[i];
                int[] js = nz[i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = b[c];
                    double[] wc = w[c];
                    for (int j : js) {
                        s += wc[j] * xi[j];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    z[c] = Math.exp(z[c] - max);
                    sum += z[c];
                }
                for (int c = 0; c < k; c++) {
                    double g = weight[i] * (z[c] / sum - (y[i] == c ? 1 : 0)) / total;
                    if (g == 0) {
                        continue;
                    }
                    gb[c] += g;
                    double[] row = gw[c];
                    for (int j : js) {
                        row[j] += g * xi[j];
                    }
                }
            }
            double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] + l2 * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= rate * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + eps);
                }
                mb[c] = beta1 * mb[c] + (1 - beta1) * gb[c];
                vb[c] = beta2 * vb[c] + (1 - beta2) * gb[c] * gb[c];
                b[c] -= rate * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + eps);
            }
        }
        return new LinearModel(embedding, labels, new double[k], b, w);
    }
}
