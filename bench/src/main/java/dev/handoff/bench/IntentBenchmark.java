package dev.handoff.bench;

import dev.handoff.app.assistant.EscalationSignal;
import dev.handoff.app.assistant.IntentClassifier;
import dev.handoff.app.assistant.LinearModel;
import dev.handoff.app.assistant.MessageIntents;
import dev.handoff.app.assistant.OrderStatusIntent;
import dev.handoff.app.search.EmbeddingService;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Trains the intent classifier ({@link IntentClassifier}), calibrates a threshold per intent, writes its
 * weights to {@code app/src/main/resources/assistant/intents-<model>.weights} (unless
 * {@code -Dwrite=false}) and prints the figures quoted in README.
 *
 * <p>Training data: the team's messages ({@code bench/src/main/resources/intents/train.tsv}); clinc150
 * {@code train} ({@code order_status}, and 20 utterances of every other intent plus {@code oos_train} as
 * "none"); half of BANKING77 {@code train.csv} (chosen by a hash of the text): {@code request_refund}
 * as refund requests, the unrecognised, duplicate and extra charges as
 * billing disputes, 40 utterances of every other intent (card delivery, top-ups, ...) as "none", except
 * the intents that in a shop would be ours ({@link #AMBIGUOUS}).
 * Thresholds: 5-fold cross-validation on that training data; for each intent the lowest threshold whose
 * out-of-fold precision reaches 95 %.
 *
 * <p>Evaluation, all of it outside training: the held-aside labelled set ({@code heldout.tsv}, ≥ 40
 * messages per intent and informational questions that carry none); clinc150 {@code val} + {@code oos_val};
 * the other half of BANKING77. Held-aside misses are printed as counts per (true, read) intent pair; their text
 * only with {@code -Dshow.misses=true}, which whoever writes training messages must not use.
 */
public final class IntentBenchmark {

    static final Set<String> BANKING_REFUND = Set.of("request_refund");
    static final Set<String> BANKING_BILLING = Set.of("card_payment_not_recognised", "direct_debit_payment_not_recognised",
            "transaction_charged_twice", "extra_charge_on_statement");
    static final double PRECISION_TARGET = 0.95;
    /** Share of the public "none" utterances an intent may claim out of fold (clinc150 and BANKING77 questions a shop never gets). */
    static final double PUBLIC_FALSE_ALARMS = 0.002;
    /**
     * Intents of the public data left out of the "none" training examples because in a shop they are one
     * of ours (a lost card reads like a lost parcel, "change my address" is a change of address, a fee
     * complaint reads like a billing dispute); they stay in the evaluation.
     */
    static final Set<String> AMBIGUOUS = Set.of("cancel", "cancel_reservation", "damaged_card", "lost_luggage", "report_fraud",
            "report_lost_card", "edit_personal_details", "cancel_transfer", "terminate_account", "card_payment_fee_charged",
            "transfer_fee_charged", "cash_withdrawal_charge", "cash_withdrawal_not_recognised", "wrong_amount_of_cash_received",
            "card_payment_wrong_exchange_rate", "wrong_exchange_rate_for_cash_withdrawal", "reverted_card_payment?",
            "pending_card_payment", "transfer_not_received_by_recipient", "lost_or_stolen_card", "lost_or_stolen_phone",
            "compromised_card", "card_not_working", "virtual_card_not_working", "contactless_not_working", "card_swallowed",
            "Refund_not_showing_up");

    private IntentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String modelName = System.getProperty("model", EmbeddingService.Spec.DEFAULT);
        double l2 = Double.parseDouble(System.getProperty("l2", "0.0001"));
        int iterations = Integer.getInteger("iterations", 200);
        List<Datasets.Example> train = new ArrayList<>(team("train.tsv"));
        int teamRows = train.size();
        List<Datasets.Example> heldout = team("heldout.tsv");
        Map<String, Integer> perIntent = new HashMap<>();
        for (Datasets.Example e : Datasets.clinc("train")) {
            if (e.label().equals("order_status")) {
                train.add(e);
            } else if (!AMBIGUOUS.contains(e.label()) && perIntent.merge(e.label(), 1, Integer::sum) <= 20) {
                train.add(new Datasets.Example(e.text(), IntentClassifier.NONE));
            }
        }
        Datasets.clinc("oos_train").forEach(e -> train.add(new Datasets.Example(e.text(), IntentClassifier.NONE)));
        List<Datasets.Example> bankingEval = new ArrayList<>();
        perIntent.clear();
        for (Datasets.Example e : Datasets.banking77()) {
            if ((e.text().hashCode() & 1) == 1) {
                bankingEval.add(e);
            } else if (BANKING_REFUND.contains(e.label()) || BANKING_BILLING.contains(e.label())) {
                train.add(new Datasets.Example(e.text(), bankingLabel(e.label())));
            } else if (!AMBIGUOUS.contains(e.label()) && perIntent.merge(e.label(), 1, Integer::sum) <= 40) {
                train.add(new Datasets.Example(e.text(), IntentClassifier.NONE));
            }
        }
        List<Datasets.Example> clincEval = new ArrayList<>(Datasets.clinc("val"));
        clincEval.addAll(Datasets.clinc("oos_val"));

        List<String> labels = new ArrayList<>(IntentClassifier.INTENTS);
        labels.add(IntentClassifier.NONE);
        try (EmbeddingCache cache = new EmbeddingCache(new EmbeddingService(modelName))) {
            List<String> all = new ArrayList<>();
            for (List<Datasets.Example> l : List.of(train, heldout, clincEval, bankingEval)) {
                l.forEach(e -> all.add(e.text()));
            }
            long t0 = System.nanoTime();
            all.parallelStream().forEach(cache::embed);
            System.out.printf("embedded %d messages in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);

            double[][] x = train.stream().map(e -> IntentClassifier.features(e.text(), cache.embed(e.text()))).toArray(double[][]::new);
            int[] y = train.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
            double[] weight = weights(y, labels.size());
            System.out.printf("training on %d messages (%d team-written), features: the embedding, %d surface features and %d hashed word n-grams, %d classes, L2 %.4g, %d iterations%n",
                    x.length, teamRows, IntentClassifier.SURFACE_FEATURES, IntentClassifier.WORD_BUCKETS, labels.size(), l2, iterations);

            double[][] oof = new double[x.length][];
            int folds = 5;
            for (int f = 0; f < folds; f++) {
                int fold = f;
                int[] in = IntStream.range(0, x.length).filter(i -> i % folds != fold).toArray();
                LinearModel m = SoftmaxTrainer.train(modelName, labels, pick(x, in), pickInt(y, in), pickD(weight, in), l2, iterations);
                IntStream.range(0, x.length).filter(i -> i % folds == fold).forEach(i -> oof[i] = m.probabilities(x[i]));
            }
            double[] thresholds = new double[labels.size()];
            for (int k = 0; k < labels.size() - 1; k++) {
                thresholds[k] = threshold(oof, y, k, labels.size() - 1, teamRows);
            }
            LinearModel trained = SoftmaxTrainer.train(modelName, labels, x, y, weight, l2, iterations);
            LinearModel model = new LinearModel(modelName, labels, thresholds, trained.bias(), trained.weights());
            StringBuilder t = new StringBuilder("thresholds (out-of-fold precision ≥ 95 % outside the public no-intent rows, ≤ 0.2 % of public no-intent utterances claimed):");
            for (int k = 0; k < labels.size() - 1; k++) {
                t.append(String.format(" %s %.2f", labels.get(k), thresholds[k]));
            }
            System.out.println(t);
            StringBuilder r = new StringBuilder("out-of-fold recall at those thresholds (the shop's messages):");
            for (int k = 0; k < labels.size() - 1; k++) {
                long pos = 0, hit = 0;
                for (int i = 0; i < teamRows; i++) {
                    if (y[i] == k) {
                        pos++;
                        hit += claimed(oof[i], k, labels.size() - 1, thresholds[k]) ? 1 : 0;
                    }
                }
                r.append(String.format(" %s %.1f %%", labels.get(k), 100.0 * hit / Math.max(1, pos)));
            }
            System.out.println(r);

            if (!"false".equals(System.getProperty("write"))) {
                Path out = Path.of("app/src/main/resources/assistant/intents-" + modelName + ".weights");
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    model.write(w, List.of("Intent classifier weights (softmax regression over the " + modelName + " message embedding, "
                            + IntentClassifier.SURFACE_FEATURES + " surface features and "
                            + IntentClassifier.WORD_BUCKETS + " hashed word unigram/bigram features).",
                            "Trained by bench/intents.sh on " + LocalDate.now() + ": " + x.length + " messages, L2 " + l2 + ", "
                                    + iterations + " Adam iterations; thresholds from 5-fold out-of-fold precision >= 95 % outside the public no-intent rows, "
                                    + "at most 0.2 % of public no-intent utterances claimed."));
                }
                System.out.println("wrote " + out);
            }

            MessageIntents intents = new MessageIntents(new IntentClassifier(model));
            Function<String, String> product = text -> predicted(intents.read(text, cache.embed(text)));
            IntentClassifier classifierOnly = new IntentClassifier(model);
            Function<String, String> learned = text -> classifierOnly.classify(text, cache.embed(text)).label();
            Function<String, String> rules = text -> EscalationSignal.detect(text).map(s -> label(s.reason()))
                    .orElse(OrderStatusIntent.ruleMatches(text) ? "order_status" : IntentClassifier.NONE);

            System.out.println();
            System.out.println("Held-aside labelled set (" + heldout.size() + " messages, never trained on): precision / recall");
            System.out.printf("  %-16s %-22s %-22s %-22s%n", "intent", "rules + classifier", "classifier alone", "rules alone");
            for (String intent : IntentClassifier.INTENTS) {
                System.out.printf("  %-16s %-22s %-22s %-22s%n", intent, pr(heldout, intent, product), pr(heldout, intent, learned),
                        pr(heldout, intent, rules));
            }
            long none = heldout.stream().filter(e -> e.label().equals(IntentClassifier.NONE)).count();
            long noneKept = heldout.stream().filter(e -> e.label().equals(IntentClassifier.NONE))
                    .filter(e -> product.apply(e.text()).equals(IntentClassifier.NONE)).count();
            System.out.printf("  messages that carry no intent (FAQ questions, thanks, benign mentions) left to the FAQ: %d/%d%n", noneKept, none);
            long noneFaqFirst = heldout.stream().filter(e -> e.label().equals(IntentClassifier.NONE))
                    .filter(e -> !product.apply(e.text()).equals(IntentClassifier.NONE) && intents.read(e.text(), cache.embed(e.text())).faqFirst()).count();
            System.out.printf("  of the others, read as an intent but asked of the FAQ first (a policy question; the reading stands when the FAQ is silent): %d%n",
                    noneFaqFirst);
            StringBuilder askedFirst = new StringBuilder("  intents found but asked of the FAQ first (the reading stands when the FAQ is silent):");
            for (String intent : IntentClassifier.INTENTS) {
                long n = heldout.stream().filter(e -> e.label().equals(intent) && product.apply(e.text()).equals(intent))
                        .filter(e -> intents.read(e.text(), cache.embed(e.text())).faqFirst()).count();
                askedFirst.append(String.format(" %s %d", intent, n));
            }
            System.out.println(askedFirst);
            // the held-aside messages stay unseen by whoever writes training messages: misses are counted by
            // intent pair; their text only with -Dshow.misses=true (for reviewing a rule, not for writing data)
            Map<String, Integer> misses = new java.util.TreeMap<>();
            for (Datasets.Example e : heldout) {
                String read = product.apply(e.text());
                if (!read.equals(e.label())) {
                    misses.merge(e.label() + " -> " + read, 1, Integer::sum);
                    if (Boolean.getBoolean("show.misses")) {
                        System.out.printf("    miss: %-15s -> %-15s %s%n", e.label(), read, e.text());
                    }
                }
            }
            System.out.println("  held-aside misses (true -> read): " + misses);

            System.out.println();
            orderStatus("clinc150 val + oos_val", clincEval, e -> e.label().equals("order_status"), product);
            orderStatus("BANKING77 (the half not trained on)", bankingEval, e -> false, product);
            List<Datasets.Example> both = new ArrayList<>(clincEval);
            both.addAll(bankingEval);
            orderStatus("both", both, e -> e.label().equals("order_status"), product);
            clincEval.stream().filter(e -> e.label().equals("order_status") != product.apply(e.text()).equals("order_status"))
                    .forEach(e -> System.out.printf("    clinc %s: %s%n", e.label(), e.text()));
            bankingEval.stream().filter(e -> product.apply(e.text()).equals("order_status")).limit(20)
                    .forEach(e -> System.out.printf("    banking %s: %s%n", e.label(), e.text()));

            System.out.println();
            List<Datasets.Example> bankingLabelled = bankingEval.stream().map(e -> new Datasets.Example(e.text(), bankingLabel(e.label()))).toList();
            System.out.println("BANKING77 (the half not trained on), precision / recall:");
            for (String intent : List.of("refund_request", "billing_dispute")) {
                System.out.printf("  %-16s %s%n", intent, pr(bankingLabelled, intent, product));
            }
            long escalated = clincEval.stream().filter(e -> EscalationSignal.forIntent(product.apply(e.text())).isPresent()).count();
            System.out.printf("clinc150 val + oos_val messages escalated (none of its intents is an escalation): %.2f %% (%d/%d)%n",
                    100.0 * escalated / clincEval.size(), escalated, clincEval.size());
        }
        System.exit(0);
    }

    private static void orderStatus(String name, List<Datasets.Example> data, java.util.function.Predicate<Datasets.Example> positive,
                                    Function<String, String> product) {
        long pos = data.stream().filter(positive).count();
        long hit = data.stream().filter(positive).filter(e -> product.apply(e.text()).equals("order_status")).count();
        long neg = data.size() - pos;
        long fp = data.stream().filter(positive.negate()).filter(e -> product.apply(e.text()).equals("order_status")).count();
        System.out.printf("order status, %s: recall %s, false positives %.2f %% (%d/%d)%n", name,
                pos == 0 ? "n/a" : String.format("%.1f %% (%d/%d)", 100.0 * hit / pos, hit, pos), 100.0 * fp / neg, fp, neg);
    }

    private static String pr(List<Datasets.Example> data, String intent, Function<String, String> predict) {
        long tp = 0, fp = 0, fn = 0;
        for (Datasets.Example e : data) {
            boolean p = predict.apply(e.text()).equals(intent);
            boolean a = e.label().equals(intent);
            tp += p && a ? 1 : 0;
            fp += p && !a ? 1 : 0;
            fn += !p && a ? 1 : 0;
        }
        return String.format("%5.1f %% / %5.1f %%", tp + fp == 0 ? 100.0 : 100.0 * tp / (tp + fp), tp + fn == 0 ? 100.0 : 100.0 * tp / (tp + fn));
    }

    /** @return the intent label a reading stands for */
    static String predicted(MessageIntents.Reading r) {
        return r.signal().map(s -> label(s.reason())).orElse(r.orderStatus() ? "order_status" : IntentClassifier.NONE);
    }

    private static String label(String reason) {
        return switch (reason) {
            case "chargeback" -> "billing_dispute";
            case "repeated_contact" -> "complaint";
            default -> reason;
        };
    }

    private static String bankingLabel(String category) {
        return BANKING_REFUND.contains(category) ? "refund_request" : BANKING_BILLING.contains(category) ? "billing_dispute" : IntentClassifier.NONE;
    }

    /** Row weights: every class weighs as much as the largest in total (rows of the largest class / rows of this class per row). */
    private static double[] weights(int[] y, int k) {
        int[] n = new int[k];
        for (int c : y) {
            n[c]++;
        }
        int max = java.util.Arrays.stream(n).max().orElse(1);
        return java.util.Arrays.stream(y).mapToDouble(c -> (double) max / n[c]).toArray();
    }

    /**
     * The lowest threshold (0.20 to 0.99 in steps of 0.01) at which intent {@code k}, out of fold, is right for at
     * least {@link #PRECISION_TARGET} of the messages it claims, counting every row but the public "none" ones
     * (the shop's messages and the public data's labelled intents), and claims at most
     * {@link #PUBLIC_FALSE_ALARMS} of the public "none" utterances; 1.0 (the intent never claims) when no
     * threshold qualifies.
     *
     * <p>Why not one precision over all rows: the public "none" rows (about 5,000) outnumber an intent's examples
     * a hundred to one, a prior no shop has; at it, a 1 % false alarm rate reads as 50 % precision, and
     * cancel, refund and address-change requests never reached 95 % below the highest threshold.
     */
    private static double threshold(double[][] p, int[] y, int k, int none, int teamRows) {
        for (int percent = 20; percent <= 99; percent++) {
            double t = percent / 100.0;
            long tp = 0, fp = 0, publicNone = 0, alarms = 0;
            for (int i = 0; i < p.length; i++) {
                boolean claimed = claimed(p[i], k, none, t);
                if (i >= teamRows && y[i] == none) {
                    publicNone++;
                    alarms += claimed ? 1 : 0;
                } else if (claimed) {
                    if (y[i] == k) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            if (tp + fp > 0 && (double) tp / (tp + fp) >= PRECISION_TARGET && alarms <= PUBLIC_FALSE_ALARMS * publicNone) {
                return t;
            }
        }
        return 1.0;
    }

    /** @return whether intent {@code k} claims a row with probabilities {@code p} at threshold {@code t} */
    private static boolean claimed(double[] p, int k, int none, double t) {
        return claims(p, k, none) && p[k] >= t;
    }

    private static boolean claims(double[] p, int k, int none) {
        for (int c = 0; c < p.length; c++) {
            if (c != none && p[c] > p[k]) {
                return false;
            }
        }
        return true;
    }

    private static List<Datasets.Example> team(String file) throws IOException {
        List<Datasets.Example> out = new ArrayList<>();
        try (InputStream in = IntentBenchmark.class.getResourceAsStream("/intents/" + file)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                out.add(new Datasets.Example(f[1].strip(), f[0].strip()));
            }
        }
        return out;
    }

    private static double[][] pick(double[][] a, int[] idx) {
        return IntStream.of(idx).mapToObj(i -> a[i]).toArray(double[][]::new);
    }

    private static int[] pickInt(int[] a, int[] idx) {
        return IntStream.of(idx).map(i -> a[i]).toArray();
    }

    private static double[] pickD(double[] a, int[] idx) {
        return IntStream.of(idx).mapToDouble(i -> a[i]).toArray();
    }
}
