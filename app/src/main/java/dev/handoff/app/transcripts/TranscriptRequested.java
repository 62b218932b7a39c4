package dev.handoff.app.transcripts;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The widget's answer to a transcript request.
 *
 * @param email where the transcript goes
 * @param when  {@code on-resolve} (sent when the conversation is resolved) or {@code now} (it already was: sent now)
 */
@Serdeable
public record TranscriptRequested(String email, String when) {
}
