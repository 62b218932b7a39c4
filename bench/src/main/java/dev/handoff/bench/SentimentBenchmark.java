package dev.handoff.bench;

import dev.handoff.app.assistant.LinearModel;
import dev.handoff.app.assistant.SentimentClassifier;
import dev.handoff.app.conversation.Sentiment;
import dev.handoff.app.search.EmbeddingService;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Trains the sentiment classifier ({@link SentimentClassifier}) on the team's labelled support messages
 * ({@code bench/src/main/resources/sentiment/support.tsv}), the TweetEval sentiment dev split and {@code -Drequests}
 * (default 3) clinc150 {@code train} utterances per intent as neutral, reports
 * the 5-fold cross-validated macro-averaged recall (the TweetEval metric) on the tweets and on the support messages,
 * how many clinc150 {@code val} + {@code oos_val} requests (never trained on) are read as negative or positive, and writes the weights
 * trained on all of it to {@code app/src/main/resources/assistant/sentiment-<model>.weights} (unless
 * {@code -Dwrite=false}). Classes follow {@link Sentiment#of} on the score, as in the app.
 */
public final class SentimentBenchmark {

    static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private SentimentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String modelName = System.getProperty("model", EmbeddingService.Spec.DEFAULT);
        double l2 = Double.parseDouble(System.getProperty("l2", "0.0003"));
        int iterations = Integer.getInteger("iterations", 250);
        int perIntent = Integer.getInteger("requests", 3);
        List<Datasets.Example> tweets = Datasets.tweets();
        List<Datasets.Example> support = support();
        List<Datasets.Example> requests = requests(perIntent);
        List<Datasets.Example> all = new ArrayList<>(tweets);
        all.addAll(support);
        all.addAll(requests);
        // plain requests and questions never trained on: how many a support agent would call neutral are read otherwise
        List<Datasets.Example> plain = new ArrayList<>(Datasets.clinc("val"));
        plain.addAll(Datasets.clinc("oos_val"));
        try (EmbeddingCache cache = new EmbeddingCache(new EmbeddingService(modelName))) {
            all.parallelStream().forEach(e -> cache.embed(e.text()));
            plain.parallelStream().forEach(e -> cache.embed(e.text()));
            double[][] x = all.stream().map(e -> SentimentClassifier.features(e.text(), cache.embed(e.text()))).toArray(double[][]::new);
            int[] y = all.stream().mapToInt(e -> LABELS.indexOf(e.label())).toArray();
            double[] weight = weights(y, tweets.size(), tweets.size() + support.size());
            System.out.printf("Sentiment: %d TweetEval dev tweets + %d support messages + %d clinc150 train requests as neutral (%d an intent),"
                    + " %d features, L2 %.4g, %d iterations%n", tweets.size(), support.size(), requests.size(), perIntent, x[0].length, l2, iterations);
            int folds = 5;
            Sentiment[] oof = new Sentiment[x.length];
            for (int f = 0; f < folds; f++) {
                int fold = f;
                int[] in = IntStream.range(0, x.length).filter(i -> i % folds != fold).toArray();
                LinearModel m = SoftmaxTrainer.train(modelName, LABELS, IntStream.of(in).mapToObj(i -> x[i]).toArray(double[][]::new),
                        IntStream.of(in).map(i -> y[i]).toArray(), IntStream.of(in).mapToDouble(i -> weight[i]).toArray(), l2, iterations);
                IntStream.range(0, x.length).filter(i -> i % folds == fold).forEach(i -> oof[i] = classify(m, x[i]));
            }
            report("TweetEval dev, 5-fold cross-validated", all, oof, 0, tweets.size());
            report("support messages, 5-fold cross-validated", all, oof, tweets.size(), tweets.size() + support.size());
            LinearModel model = SoftmaxTrainer.train(modelName, LABELS, x, y, weight, l2, iterations);
            long[] read = new long[LABELS.size()];
            plain.forEach(e -> read[classify(model, SentimentClassifier.features(e.text(), cache.embed(e.text()))).ordinal()]++);
            System.out.printf("  clinc150 val + oos_val (%,d plain requests and questions, not trained on): read as negative %.1f %%, positive %.1f %%%n",
                    plain.size(), 100.0 * read[Sentiment.negative.ordinal()] / plain.size(), 100.0 * read[Sentiment.positive.ordinal()] / plain.size());
            if (!"false".equals(System.getProperty("write"))) {
                Path out = Path.of("app/src/main/resources/assistant/sentiment-" + modelName + ".weights");
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    model.write(w, List.of("Sentiment weights (softmax regression over the " + modelName + " embedding and "
                                    + SentimentClassifier.SURFACE_FEATURES + " surface features; thresholds unused: the class follows Sentiment.of).",
                            "Trained by bench/sentiment.sh on " + LocalDate.now() + ": TweetEval dev + the team's support messages, L2 "
                                    + l2 + ", " + iterations + " Adam iterations."));
                }
                System.out.println("wrote " + out);
            }
        }
        System.exit(0);
    }

    private static Sentiment classify(LinearModel m, double[] x) {
        double[] p = m.probabilities(x);
        return Sentiment.of(p[2] - p[0]);
    }

    private static void report(String name, List<Datasets.Example> all, Sentiment[] predicted, int from, int to) {
        double sum = 0;
        StringBuilder b = new StringBuilder();
        for (String label : LABELS) {
            long n = 0, hit = 0;
            for (int i = from; i < to; i++) {
                if (all.get(i).label().equals(label)) {
                    n++;
                    hit += predicted[i].name().equals(label) ? 1 : 0;
                }
            }
            double recall = n == 0 ? 0 : (double) hit / n;
            sum += recall;
            b.append(String.format(" %s %.3f", label, recall));
        }
        System.out.printf("  %s: macro-averaged recall %.3f (%s)%n", name, sum / LABELS.size(), b.toString().strip());
    }

    /**
     * Class-balanced row weights over the tweets and support messages; support messages count four times (the
     * setting that matters); the plain requests (rows from {@code requests} on) count as one neutral tweet each.
     */
    private static double[] weights(int[] y, int tweets, int requests) {
        int[] n = new int[LABELS.size()];
        for (int i = 0; i < requests; i++) {
            n[y[i]]++;
        }
        int max = java.util.Arrays.stream(n).max().orElse(1);
        int neutral = LABELS.indexOf("neutral");
        return IntStream.range(0, y.length).mapToDouble(i -> i >= requests ? (double) max / n[neutral]
                : (double) max / n[y[i]] * (i >= tweets ? 4 : 1)).toArray();
    }

    /**
     * Plain requests and questions, as neutral: the first {@code perIntent} clinc150 {@code train} utterances of each
     * intent (and as many of {@code oos_train}). They say what the writer wants and nothing of how they feel, as most
     * shopper messages do; tweets alone taught the model that a request about money, danger or a loss is negative.
     */
    private static List<Datasets.Example> requests(int perIntent) throws IOException {
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        List<Datasets.Example> out = new ArrayList<>();
        List<Datasets.Example> rows = new ArrayList<>(Datasets.clinc("train"));
        rows.addAll(Datasets.clinc("oos_train"));
        for (Datasets.Example e : rows) {
            if (taken.merge(e.label(), 1, Integer::sum) <= perIntent) {
                out.add(new Datasets.Example(e.text(), "neutral"));
            }
        }
        return out;
    }

    private static List<Datasets.Example> support() throws IOException {
        List<Datasets.Example> out = new ArrayList<>();
        try (InputStream in = SentimentBenchmark.class.getResourceAsStream("/sentiment/support.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t", 2);
                    out.add(new Datasets.Example(f[1].strip(), f[0].strip()));
                }
            }
        }
        return out;
    }
}
