package dev.handoff.app.assistant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multinomial logistic regression (softmax regression): for a feature vector {@code x}, class
 * {@code k}'s probability is {@code exp(w_k·x + b_k) / Σ_j exp(w_j·x + b_j)} (Bishop, <i>Pattern
 * Recognition and Machine Learning</i>, 2006, §4.3.4). The weights are trained by
 * {@code bench/intents.sh} and {@code bench/sentiment.sh} and shipped as a resource; each class also
 * carries a decision threshold on its probability, chosen on out-of-fold predictions when it was
 * trained (its calibration: below it the class is not claimed).
 *
 * <p>File format (UTF-8 text, one record a line, fields separated by single spaces; {@code #} starts a
 * comment line):
 * <pre>
 * embedding &lt;model name the features were computed with&gt;
 * features &lt;n&gt;
 * class &lt;label&gt; &lt;threshold&gt; &lt;bias&gt; &lt;w_1&gt; … &lt;w_n&gt;
 * </pre>
 * with one {@code class} line per class, in a fixed order.
 *
 * @param embedding  the embedding model the features were computed with, e.g. {@code all-minilm-l6-v2}
 * @param labels     the classes, in order
 * @param thresholds per class, the probability from which the class is claimed, in [0, 1]
 * @param bias       per class, the intercept
 * @param weights    per class, one weight per feature
 */
public record LinearModel(String embedding, List<String> labels, double[] thresholds, double[] bias, double[][] weights) {

    /** @return the number of features a vector must have */
    public int features() {
        return weights[0].length;
    }

    /**
     * @param x a feature vector of {@link #features()} values
     * @return the probability of each class, in the order of {@link #labels()}, summing to 1
     * @throws IllegalArgumentException when {@code x} has the wrong length
     */
    public double[] probabilities(double[] x) {
        if (x.length != features()) {
            throw new IllegalArgumentException("Expected " + features() + " features, got " + x.length);
        }
        double[] z = new double[labels.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < z.length; k++) {
            double s = bias[k];
            double[] w = weights[k];
            for (int i = 0; i < x.length; i++) {
                s += w[i] * x[i];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** @return the index of {@code label} in {@link #labels()} @throws IllegalArgumentException when absent */
    public int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("No class " + label + " in " + labels);
        }
        return i;
    }

    /**
     * Reads a model in the format above.
     *
     * @param in the file's bytes (closed here)
     * @return the model
     * @throws IllegalArgumentException when the file is malformed
     */
    public static LinearModel read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String embedding = null;
            int n = -1;
            Map<String, double[]> rows = new LinkedHashMap<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                switch (f[0]) {
                    case "embedding" -> embedding = f[1];
                    case "features" -> n = Integer.parseInt(f[1]);
                    case "class" -> {
                        if (f.length != n + 4) {
                            throw new IllegalArgumentException("class " + f[1] + " has " + (f.length - 4) + " weights, expected " + n);
                        }
                        double[] values = new double[n + 2];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = Double.parseDouble(f[i + 2]);
                        }
                        rows.put(f[1], values);
                    }
                    default -> throw new IllegalArgumentException("Unknown record " + f[0]);
                }
            }
            if (embedding == null || n <= 0 || rows.isEmpty()) {
                throw new IllegalArgumentException("A model needs 'embedding', 'features' and 'class' records");
            }
            List<String> labels = new ArrayList<>(rows.keySet());
            double[] thresholds = new double[labels.size()];
            double[] bias = new double[labels.size()];
            double[][] weights = new double[labels.size()][];
            for (int k = 0; k < labels.size(); k++) {
                double[] v = rows.get(labels.get(k));
                thresholds[k] = v[0];
                bias[k] = v[1];
                weights[k] = Arrays.copyOfRange(v, 2, v.length);
            }
            return new LinearModel(embedding, List.copyOf(labels), thresholds, bias, weights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the model in the format above.
     *
     * @param out     where to (not closed)
     * @param comment lines written first as {@code #} comments (how the model was trained)
     * @throws UncheckedIOException when writing fails
     */
    public void write(Writer out, List<String> comment) {
        try {
            for (String c : comment) {
                out.write("# " + c + "\n");
            }
            out.write("embedding " + embedding + "\n");
            out.write("features " + features() + "\n");
            for (int k = 0; k < labels.size(); k++) {
                StringBuilder b = new StringBuilder("class ").append(labels.get(k)).append(' ')
                        .append(format(thresholds[k])).append(' ').append(format(bias[k]));
                for (double w : weights[k]) {
                    b.append(' ').append(format(w));
                }
                out.write(b.append('\n').toString());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
