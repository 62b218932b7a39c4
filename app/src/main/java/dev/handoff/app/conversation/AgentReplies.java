package dev.handoff.app.conversation;

import dev.handoff.app.platform.Problems;
import dev.handoff.channels.spi.InboundMessage;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/** An agent's reply typed in the dashboard: the agent takes the conversation over from the assistant. */
@Singleton
public class AgentReplies {

    private final ConversationRepository conversations;
    private final MessageAppender appender;

    AgentReplies(ConversationRepository conversations, MessageAppender appender) {
        this.conversations = conversations;
        this.appender = appender;
    }

    /**
     * Stores an agent's reply: the agent takes the conversation over from the assistant (it is
     * assigned to them when unassigned) and every customer message counts as read.
     */
    @Transactional
    public Appended reply(Conversation conversation, UUID agentId, String text, @Nullable String idempotencyKey) {
        return reply(conversation, agentId, text, idempotencyKey, List.of());
    }

    /**
     * An agent's reply with files ({@link Uploads#check}: at most 10 MB each). On an email conversation they go out as MIME
     * attachments of the reply; an Outlook mailbox takes at most 3 MB a file through Microsoft Graph's attachment call
     * (413 problem above). Without text, the message names the files.
     */
    @Transactional
    public Appended reply(Conversation conversation, UUID agentId, @Nullable String text, @Nullable String idempotencyKey,
                          List<InboundMessage.Attachment> files) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty() && !files.isEmpty()) {
            body = MessageAppender.filesSentText(files);
        }
        if (body.isEmpty() || body.length() > MessageAppender.MAX_TEXT) {
            throw Problems.badRequest("Reply text must be 1 to " + MessageAppender.MAX_TEXT + " characters");
        }
        if (conversation.mergedInto() != null) {
            throw Problems.conflict("This conversation was merged into " + conversation.mergedInto() + "; reply there");
        }
        if (conversation.channel().equals("outlook")) {
            for (InboundMessage.Attachment f : files) {
                if (f.content().length > dev.handoff.channels.outlook.OutlookMailbox.MAX_ATTACHMENT_BYTES) {
                    throw Problems.tooLarge("Outlook mailboxes send files of at most 3 MB (Microsoft Graph); " + f.filename() + " has "
                            + String.format(java.util.Locale.ROOT, "%.1f MB", f.content().length / 1048576.0));
                }
            }
        }
        conversations.assignIfUnassigned(conversation.id(), agentId);
        conversations.markRead(conversation.id());
        return appender.append(conversation, NewMessage.agent(agentId, body, idempotencyKey), files);
    }
}
