package dev.handoff.app.realtime;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * What a widget or dashboard sends over its WebSocket besides pings.
 *
 * @param type           {@code typing} or {@code read}
 * @param conversationId agents: the conversation they type in; widgets leave it out (their socket is one conversation)
 */
@Serdeable
record ClientEvent(@Nullable String type, @Nullable String conversationId) {

    /** @return the event, or empty for a ping or anything unreadable */
    static Optional<ClientEvent> parse(JsonMapper json, String text) {
        try {
            ClientEvent e = json.readValue(text, ClientEvent.class);
            return e == null || e.type() == null ? Optional.empty() : Optional.of(e);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the conversation id, when present and well formed */
    Optional<UUID> conversation() {
        try {
            return conversationId == null ? Optional.empty() : Optional.of(UUID.fromString(conversationId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
