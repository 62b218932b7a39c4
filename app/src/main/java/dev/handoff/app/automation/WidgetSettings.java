package dev.handoff.app.automation;

import dev.handoff.app.platform.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How the storefront widget looks and behaves (stored as JSON in {@code store_settings.widget}).
 *
 * @param enabled       whether the widget shows on the storefront at all
 * @param color         accent colour, {@code #rrggbb}
 * @param position      {@code bottom-right} or {@code bottom-left}
 * @param greeting      the first message the widget shows (1..500 characters)
 * @param preChatForm   whether to ask the shopper's name and email before the first message
 * @param proactiveCues at most 10 cues that open the chat with a message
 */
@Serdeable
public record WidgetSettings(@Nullable Boolean enabled, @Nullable String color, @Nullable String position, @Nullable String greeting,
                             @Nullable Boolean preChatForm, @Nullable List<ProactiveCue> proactiveCues) {

    static final WidgetSettings DEFAULTS = new WidgetSettings(true, "#2563eb", "bottom-right",
            "Hi! Ask me about your order, shipping, returns or anything else.", false, List.of());
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /**
     * Opens the chat with {@code message} once the page URL contains {@code urlContains} and the shopper
     * has been on the page for {@code afterSeconds}.
     *
     * @param urlContains  a case-sensitive substring of the page URL (1..200 characters)
     * @param afterSeconds seconds on the page, 0..3600
     * @param message      what the widget says (1..500 characters)
     */
    @Serdeable
    public record ProactiveCue(String urlContains, int afterSeconds, String message) {
    }

    /** @return these settings with every field left out taken from {@code base}, validated; 400 problem naming a bad field */
    WidgetSettings over(WidgetSettings base) {
        WidgetSettings s = new WidgetSettings(enabled == null ? base.enabled : enabled, color == null ? base.color : color.strip(),
                position == null ? base.position : position, greeting == null ? base.greeting : greeting.strip(),
                preChatForm == null ? base.preChatForm : preChatForm, proactiveCues == null ? base.proactiveCues : proactiveCues);
        if (!COLOR.matcher(s.color).matches()) {
            throw Problems.badRequest("widget.color must be a colour such as #2563eb");
        }
        if (!s.position.equals("bottom-right") && !s.position.equals("bottom-left")) {
            throw Problems.badRequest("widget.position must be bottom-right or bottom-left");
        }
        if (s.greeting.isEmpty() || s.greeting.length() > 500) {
            throw Problems.badRequest("widget.greeting must be 1 to 500 characters");
        }
        if (s.proactiveCues.size() > 10) {
            throw Problems.badRequest("widget.proactiveCues takes at most 10 cues");
        }
        for (ProactiveCue c : s.proactiveCues) {
            if (c == null || c.urlContains() == null || c.urlContains().isBlank() || c.urlContains().length() > 200
                    || c.afterSeconds() < 0 || c.afterSeconds() > 3600
                    || c.message() == null || c.message().isBlank() || c.message().length() > 500) {
                throw Problems.badRequest("widget.proactiveCues: each cue needs urlContains (1..200 characters), afterSeconds (0..3600) and a message (1..500 characters)");
            }
        }
        return s;
    }
}
