package dev.handoff.app.transcripts;

/**
 * When a widget conversation's shopper gets an email transcript on resolution.
 *
 * <ul>
 *   <li>{@code off}: never (the widget does not offer it);</li>
 *   <li>{@code on_request} (the default): when the shopper asked for one in the widget ("Email me a transcript"),
 *       as LiveChat and Zendesk do: a shopper who wants a paper trail gets it, nobody gets mail they did not ask for;</li>
 *   <li>{@code always}: every widget conversation whose shopper gave an email address (pre-chat form or the
 *       conversation) gets one, and shoppers may still ask with another address.</li>
 * </ul>
 */
public enum TranscriptMode {
    off, on_request, always
}
