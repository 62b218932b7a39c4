package dev.handoff.app.conversation;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Moves a conversation's rows (messages with their email records and attachments, notes) into another conversation
 * and keeps what the inbox shows of both right: the verb merge and split are made of. Rows change their
 * {@code conversation_id} only; nothing is copied or deleted. Callers run inside their own transaction.
 */
@Singleton
public class ConversationRehoming {

    private final JdbcOperations jdbc;
    private final ApplicationEventPublisher<ConversationChanged> changed;

    ConversationRehoming(JdbcOperations jdbc, ApplicationEventPublisher<ConversationChanged> changed) {
        this.jdbc = jdbc;
        this.changed = changed;
    }

    /** Locks both conversation rows until the transaction ends, in id order (two moves on the same pair never deadlock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID a, UUID b) {
        jdbc.prepareStatement("SELECT id FROM conversations WHERE id IN (?, ?) ORDER BY id FOR UPDATE", s -> {
            s.setObject(1, a);
            s.setObject(2, b);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            return null;
        });
    }

    /** @return the ids of every message of the conversation, system messages included */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> messageIds(UUID conversationId) {
        return ids("SELECT id FROM messages WHERE conversation_id = ?", conversationId);
    }

    /** @return the ids of the conversation's internal notes */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> noteIds(UUID conversationId) {
        return ids("SELECT id FROM conversation_notes WHERE conversation_id = ?", conversationId);
    }

    /** Moves the listed messages (with their email records) and notes that are still in {@code from} into {@code to}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(List<UUID> messageIds, List<UUID> noteIds, UUID from, UUID to) {
        update("UPDATE messages SET conversation_id = ? WHERE conversation_id = ? AND id = ANY(?)", to, from, messageIds);
        update("UPDATE email_messages SET conversation_id = ? WHERE conversation_id = ? AND message_id = ANY(?)", to, from, messageIds);
        update("UPDATE conversation_notes SET conversation_id = ? WHERE conversation_id = ? AND id = ANY(?)", to, from, noteIds);
    }

    /**
     * Makes {@code source} a pointer to {@code target}: its unread count is added to the target's and it leaves the
     * inbox ({@link Conversation#mergedInto()}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pointTo(UUID source, UUID target) {
        jdbc.prepareStatement("""
                UPDATE conversations SET unread_count = unread_count + (SELECT unread_count FROM conversations WHERE id = ?)
                WHERE id = ?""", s -> {
            s.setObject(1, source);
            s.setObject(2, target);
            return s.executeUpdate();
        });
        jdbc.prepareStatement("UPDATE conversations SET merged_into = ?, unread_count = 0, pending_drafts = 0 WHERE id = ?", s -> {
            s.setObject(1, target);
            s.setObject(2, source);
            return s.executeUpdate();
        });
    }

    /** Makes a pointer a conversation again (it shows in the inbox). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unpoint(UUID conversationId) {
        jdbc.prepareStatement("UPDATE conversations SET merged_into = NULL WHERE id = ?", s -> {
            s.setObject(1, conversationId);
            return s.executeUpdate();
        });
    }

    /** @return whether the conversation holds no message but system ones */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean onlySystemMessages(UUID conversationId) {
        return Boolean.TRUE.equals(jdbc.prepareStatement(
                "SELECT NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND author <> 'system')", s -> {
                    s.setObject(1, conversationId);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                }));
    }

    /**
     * Recomputes what the inbox shows of a conversation from its rows (last activity, first customer message) with the
     * number of its pending drafts (the drafts feature counts them), and tells the inbox, search and analytics
     * ({@link ConversationChanged}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(UUID conversationId, int pendingDrafts) {
        jdbc.prepareStatement("""
                UPDATE conversations c SET
                  last_activity_at = coalesce((SELECT max(created_at) FROM messages WHERE conversation_id = c.id), c.created_at),
                  first_message_at = (SELECT min(created_at) FROM messages WHERE conversation_id = c.id AND author = 'customer'),
                  pending_drafts = ?
                WHERE c.id = ?""", s -> {
            s.setInt(1, pendingDrafts);
            s.setObject(2, conversationId);
            return s.executeUpdate();
        });
        changed.publishEvent(new ConversationChanged(conversationId));
    }

    private List<UUID> ids(String sql, UUID conversationId) {
        return jdbc.prepareStatement(sql, s -> {
            s.setObject(1, conversationId);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        });
    }

    private void update(String sql, UUID to, UUID from, List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(sql, s -> {
            s.setObject(1, to);
            s.setObject(2, from);
            s.setArray(3, s.getConnection().createArrayOf("uuid", ids.toArray()));
            return s.executeUpdate();
        });
    }
}
