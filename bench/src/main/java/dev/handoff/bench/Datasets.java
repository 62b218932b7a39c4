package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public dev-split datasets in {@code ../shared/datasets} (see its README). Nothing of them is
 * copied into this repository; without the folder the benchmarks say so and exit.
 */
final class Datasets {

    private Datasets() {
    }

    /** @return the datasets folder, or exits with a clear message when absent */
    static Path root() {
        Path dir = Path.of(System.getProperty("handoff.shared.dir", "../shared"), "datasets");
        if (!Files.isDirectory(dir.resolve("clinc150"))) {
            System.out.println("SKIPPED: " + dir.toAbsolutePath().normalize()
                    + " is absent; the answer-quality benchmark needs ../shared/datasets beside the repository.");
            System.exit(0);
        }
        return dir;
    }

    /** One labelled utterance. @param text the utterance @param label its intent or class */
    record Example(String text, String label) {
    }

    /** clinc150 {@code dev.json}: {@code train}, {@code val}, {@code oos_val}, ... as [text, intent] rows. */
    static List<Example> clinc(String split) throws IOException {
        JsonNode d = Api.JSON.readTree(root().resolve("clinc150/dev.json").toFile());
        List<Example> out = new ArrayList<>();
        d.get(split).forEach(r -> out.add(new Example(r.get(0).asText(), r.get(1).asText())));
        return out;
    }

    /** banking77 {@code train.csv}: {@code text,category} rows (texts may be quoted). */
    static List<Example> banking77() throws IOException {
        List<Example> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(root().resolve("banking77/train.csv"));
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                continue; // a line of a quoted text that spans lines
            }
            String text = line.substring(0, comma);
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            out.add(new Example(text, line.substring(comma + 1)));
        }
        return out;
    }

    /** @return the utterances of each intent, in the order the examples name them (an FAQ item per intent) */
    static Map<String, List<String>> byIntent(List<Example> examples) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        examples.forEach(e -> out.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e.text()));
        return out;
    }

    /** @return the answer of the FAQ item standing for {@code intent}: a sentence naming it ("This is the answer about order status.") */
    static String answerAbout(String intent) {
        return "This is the answer about " + intent.replace('_', ' ') + ".";
    }

    /**
     * @return BANKING77's shopper messages for an FAQ of one question per intent (its first utterance): every tenth
     *         of the other utterances of each intent
     */
    static List<Example> bankingMessages(Map<String, List<String>> byIntent) {
        List<Example> out = new ArrayList<>();
        byIntent.forEach((intent, texts) -> {
            for (int i = 1; i < texts.size(); i += 10) {
                out.add(new Example(texts.get(i), intent));
            }
        });
        return out;
    }

    /** TweetEval sentiment validation split: 0 negative, 1 neutral, 2 positive. */
    static List<Example> tweets() throws IOException {
        List<String> text = Files.readAllLines(root().resolve("tweeteval-sentiment/val_text.txt"));
        List<String> labels = Files.readAllLines(root().resolve("tweeteval-sentiment/val_labels.txt"));
        String[] names = {"negative", "neutral", "positive"};
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            out.add(new Example(text.get(i), names[Integer.parseInt(labels.get(i).strip())]));
        }
        return out;
    }
}
