package dev.handoff.app.assistant;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language a shopper writes in, detected with Lingua (Peter M. Stahl, {@code com.github.pemistahl:lingua}
 * 1.2, n-gram language models) restricted to the storefront languages Handoff speaks — English, Spanish,
 * French, German, Italian, Portuguese and Dutch — in its low-accuracy mode (trigram models only: a few
 * megabytes and microseconds a message). A message with two or more English function words is English
 * (trigram models misread short English questions), and so is one with one of them when Lingua's confidence in
 * English is within {@link #ONE_WORD_ENGLISH_CONFIDENCE} of the language it leans to; otherwise Lingua answers only when one language
 * leads the others by a margin; texts too short to tell (a greeting, an order number) and texts it is unsure of get
 * {@code null}, which the assistant reads as English.
 */
@Singleton
public class MessageLanguage {

    private static final Logger LOG = LoggerFactory.getLogger(MessageLanguage.class);

    /** Fewer letters than this and the language is not guessed. */
    static final int MIN_LETTERS = 12;

    /** English function words; two of them make a message English whatever the trigrams say. */
    static final Set<String> ENGLISH_WORDS = Set.of("the", "are", "my", "what", "where", "when", "how", "why", "you", "your",
            "and", "of", "to", "it", "this", "that", "can", "does", "please", "have", "has", "with", "for", "would", "not",
            "we", "our", "there", "who", "which", "from", "at", "here", "than", "did", "been", "yet", "any", "they", "them",
            "their", "about", "if", "but", "get", "should", "could"); // none of them a common word of es, fr, de, it, pt, nl
    /**
     * With one English function word, a message is English unless Lingua's confidence in English (relative to
     * the leading language's 1.0) is below this. English questions the trigrams misread score 0.73–0.89 (clinc150
     * val); short shopper messages in the six other languages rarely hold an English function word at all.
     */
    static final double ONE_WORD_ENGLISH_CONFIDENCE = 0.7;
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private final LanguageDetector detector = LanguageDetectorBuilder
            .fromLanguages(Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.GERMAN, Language.ITALIAN,
                    Language.PORTUGUESE, Language.DUTCH)
            .withMinimumRelativeDistance(0.1)
            .withLowAccuracyMode()
            .build();

    /**
     * Loads Lingua's models on a background thread once the app has started. Lingua loads them lazily, on
     * the first message it is asked about, which took that shopper's turn (and the turns queued behind it)
     * about three seconds of CPU.
     */
    @EventListener
    void warmUp(StartupEvent event) {
        Thread t = new Thread(() -> {
            try {
                detector.detectLanguageOf("Où est ma commande ? Wo ist meine Bestellung? ¿Dónde está mi pedido?");
            } catch (RuntimeException e) {
                LOG.warn("Language models did not load ahead of the first message", e);
            }
        }, "language-models");
        t.setDaemon(true);
        t.start();
    }

    /**
     * @param text a shopper's message
     * @return its language as an ISO 639-1 code ({@code en}, {@code es}, {@code fr}, {@code de}, {@code it},
     *         {@code pt}, {@code nl}), or {@code null} when too short or unsure
     */
    public @Nullable String detect(String text) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        if (letters < MIN_LETTERS) {
            return null;
        }
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int english = 0;
        while (words.find()) {
            english += ENGLISH_WORDS.contains(words.group()) ? 1 : 0;
        }
        if (english >= 2) {
            return "en"; // trigram models misread short English questions ("what is the capital of peru")
        }
        Language language = detector.detectLanguageOf(text);
        if (english == 1 && language != Language.UNKNOWN && language != Language.ENGLISH
                && detector.computeLanguageConfidenceValues(text).getOrDefault(Language.ENGLISH, 0.0) >= ONE_WORD_ENGLISH_CONFIDENCE) {
            return "en"; // "is my order here", "i want to pay a bill": one English word and trigrams that barely lean elsewhere
        }
        return language == Language.UNKNOWN ? null : language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Words of the storefront languages other than English that a request for a person or a problem with an order
     * carries (a person, damage, a parcel that did not come, a refund, a charge, a complaint): the English intents
     * do not read those languages, so a message with one is never answered offline.
     */
    private static final Pattern HANDOFF_WORDS = Pattern.compile("(?iU)\\b(?:"
            + "persona|humano|agente|hablar con|queja|roto|rota|dañad[oa]|defectuos[oa]|reembols\\w*|devolu\\w* (?:de|del) dinero|no (?:ha )?lleg\\w*|cobr\\w*"
            + "|personne|humain|conseill\\w*|plainte|cassée?|endommagée?|rembours\\w*|pas (?:reçu|arrivée?)|débité\\w*"
            + "|mensch\\w*|mitarbeiter\\w*|beschwerde|kaputt\\w*|beschädigt\\w*|defekt\\w*|erstatt\\w*|geld zurück|nicht (?:angekommen|erhalten)|abgebucht"
            + "|umano|operatore|reclamo|rott[oa]|danneggiat[oa]|rimbors\\w*|non (?:è arrivat[oa]|ho ricevuto)|addebit\\w*"
            + "|pessoa|atendente|reclamação|quebrad[oa]|danificad[oa]|não (?:chegou|recebi)"
            + "|persoon|medewerker|klacht|kapot|beschadigd|terugbetal\\w*|geld terug|niet (?:aangekomen|ontvangen)|afgeschreven"
            + ")\\b");

    /**
     * Whether an FAQ item may answer a message without a language model: any item answers a message in English
     * or of no known language. A message in another language is answered only when it is a plain question (it ends
     * with a question mark and names no person, damage, missing parcel, refund, charge or complaint: the English
     * intents cannot read it, so anything else goes to a person) and only from an item the merchant wrote in that
     * language (its question and answer together detected as it), never from an English item it merely sits near.
     *
     * @param messageLanguage the message's language ({@link #detect}), or {@code null}
     * @param message         the message
     * @param question        the item's question
     * @param answer          the item's answer
     */
    public boolean answersOffline(@Nullable String messageLanguage, String message, String question, String answer) {
        if (!foreign(messageLanguage)) {
            return true;
        }
        String text = message.strip();
        return text.endsWith("?") && !HANDOFF_WORDS.matcher(text).find() && messageLanguage.equals(detect(question + "\n" + answer));
    }

    /**
     * @param language a detected language, or {@code null}
     * @return whether it is known to be other than English (the language of the offline FAQ and intents)
     */
    public static boolean foreign(@Nullable String language) {
        return language != null && !"en".equals(language);
    }
}
