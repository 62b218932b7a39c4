package dev.handoff.app.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed sentences the helpdesk sends a shopper — the handoff notice and when a person will answer —
 * in the storefront languages it speaks: English, Spanish, French, German, Italian, Portuguese and
 * Dutch ({@link #LANGUAGES}); any other language gets English. Written for Handoff.
 */
public final class Notices {

    /** ISO 639-1 codes of the languages these sentences exist in. */
    public static final List<String> LANGUAGES = List.of("en", "es", "fr", "de", "it", "pt", "nl");

    private static final Map<String, String> HANDOFF = Map.of(
            "en", "I've passed this to our support team (ticket #%d) with a summary, so you won't need to repeat yourself.",
            "es", "He pasado tu mensaje a nuestro equipo de atención (ticket n.º %d) con un resumen, así que no tendrás que repetirlo.",
            "fr", "J'ai transmis votre demande à notre équipe d'assistance (ticket n° %d) avec un résumé : vous n'aurez pas à vous répéter.",
            "de", "Ich habe Ihr Anliegen mit einer Zusammenfassung an unser Support-Team weitergegeben (Ticket Nr. %d), Sie müssen also nichts wiederholen.",
            "it", "Ho inoltrato la tua richiesta al nostro team di assistenza (ticket n. %d) con un riepilogo, così non dovrai ripeterti.",
            "pt", "Encaminhei o seu pedido à nossa equipa de apoio (ticket n.º %d) com um resumo, para que não tenha de se repetir.",
            "nl", "Ik heb je bericht met een samenvatting doorgestuurd naar ons supportteam (ticket nr. %d), dus je hoeft niets te herhalen.");

    private static final Map<String, String> OPEN = Map.of(
            "en", "A person will reply here as soon as possible.",
            "es", "Una persona te responderá aquí lo antes posible.",
            "fr", "Une personne vous répondra ici dès que possible.",
            "de", "Eine Person antwortet Ihnen hier so bald wie möglich.",
            "it", "Una persona ti risponderà qui il prima possibile.",
            "pt", "Uma pessoa irá responder-lhe aqui o mais depressa possível.",
            "nl", "Een medewerker antwoordt je hier zo snel mogelijk.");

    private static final Map<String, String> CLOSED = Map.of(
            "en", "A person will reply here when we are back.",
            "es", "Una persona te responderá aquí cuando volvamos.",
            "fr", "Une personne vous répondra ici à notre retour.",
            "de", "Eine Person antwortet Ihnen hier, sobald wir wieder da sind.",
            "it", "Una persona ti risponderà qui al nostro rientro.",
            "pt", "Uma pessoa irá responder-lhe aqui quando voltarmos.",
            "nl", "Een medewerker antwoordt je hier zodra we terug zijn.");

    /** Closed now; the arguments are when the store opens ({@link #day}), the time and the zone. */
    private static final Map<String, String> CLOSED_UNTIL = Map.of(
            "en", "We're closed right now; a person will reply here when we open %s at %s (%s).",
            "es", "Ahora mismo estamos cerrados; una persona te responderá aquí cuando abramos %s a las %s (%s).",
            "fr", "Nous sommes fermés pour le moment ; une personne vous répondra ici à notre ouverture, %s à %s (%s).",
            "de", "Wir haben gerade geschlossen; eine Person antwortet Ihnen hier, wenn wir %s um %s (%s) öffnen.",
            "it", "Al momento siamo chiusi; una persona ti risponderà qui alla riapertura, %s alle %s (%s).",
            "pt", "Neste momento estamos fechados; uma pessoa irá responder-lhe aqui quando abrirmos, %s às %s (%s).",
            "nl", "We zijn nu gesloten; een medewerker antwoordt je hier wanneer we %s om %s (%s) openen.");

    /** Per language: today, tomorrow, and what goes before a weekday's name ("on Friday", "am Freitag"). */
    private static final Map<String, List<String>> DAYS = Map.of(
            "en", List.of("today", "tomorrow", "on "),
            "es", List.of("hoy", "mañana", "el "),
            "fr", List.of("aujourd'hui", "demain", ""),
            "de", List.of("heute", "morgen", "am "),
            "it", List.of("oggi", "domani", ""),
            "pt", List.of("hoje", "amanhã", ""),
            "nl", List.of("vandaag", "morgen", "op "));

    private Notices() {
    }

    /**
     * @param language ISO 639-1 code, or {@code null} for English
     * @return that language if these sentences exist in it, else {@code en}
     */
    public static String supported(@Nullable String language) {
        return language != null && LANGUAGES.contains(language) ? language : "en";
    }

    /**
     * @param language the shopper's language (ISO 639-1), or {@code null}
     * @param ticket   the ticket number
     * @return the sentence telling the shopper their conversation went to a person
     */
    public static String handoff(@Nullable String language, long ticket) {
        return String.format(Locale.ROOT, HANDOFF.get(supported(language)), ticket);
    }

    /**
     * @param language    the shopper's language (ISO 639-1), or {@code null}
     * @param open        whether the store is open now
     * @param nextOpening when closed, the next opening in the store's zone, if there is one
     * @param now         the current time (the opening is "today" or "tomorrow" in the opening's zone)
     * @return the sentence telling when a person will answer
     */
    public static String expectedResponse(@Nullable String language, boolean open, @Nullable ZonedDateTime nextOpening, Instant now) {
        String lang = supported(language);
        if (open) {
            return OPEN.get(lang);
        }
        if (nextOpening == null) {
            return CLOSED.get(lang);
        }
        return String.format(Locale.ROOT, CLOSED_UNTIL.get(lang), day(lang, nextOpening, now),
                String.format(Locale.ROOT, "%02d:%02d", nextOpening.getHour(), nextOpening.getMinute()), nextOpening.getZone().getId());
    }

    /**
     * @param language an ISO 639-1 code, or {@code null} for English
     * @param opening  an opening at most a week ahead, in the store's zone
     * @param now      the current time
     * @return when, relative to now in the opening's zone: "today", "tomorrow", "on Friday" (in {@code language}); a
     *         week ahead, the weekday and the date, since the weekday alone would name today
     */
    public static String day(@Nullable String language, ZonedDateTime opening, Instant now) {
        String lang = supported(language);
        Locale locale = Locale.forLanguageTag(lang);
        long days = ChronoUnit.DAYS.between(now.atZone(opening.getZone()).toLocalDate(), opening.toLocalDate());
        List<String> words = DAYS.get(lang);
        if (days <= 0) {
            return words.get(0);
        }
        if (days == 1) {
            return words.get(1);
        }
        String weekday = opening.getDayOfWeek().getDisplayName(TextStyle.FULL, locale);
        return words.get(2) + (days < 7 ? weekday
                : weekday + ", " + opening.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)));
    }
}
