package dev.handoff.app.analytics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * The store's export (before retention deletes anything): JSON lines, one per conversation, oldest
 * first: {@code {"conversation": {...}, "contact": {...}, "messages": [...], "tickets": [...],
 * "ratings": [...], "notes": [...]}} with camelCase fields. Built by PostgreSQL's JSON functions and
 * read with a server-side cursor into a temporary file, so memory stays flat for any store size.
 */
@Singleton
public class ExportService {

    private static final String LINE = """
            SELECT json_build_object(
              'conversation', json_build_object('id', c.id, 'channel', c.channel, 'status', c.status, 'tags', c.tags,
                  'createdAt', c.created_at, 'lastActivityAt', c.last_activity_at, 'resolvedAt', c.resolved_at),
              'contact', (SELECT json_build_object('id', p.id, 'name', p.name, 'email', p.email) FROM contacts p WHERE p.id = c.contact_id),
              'messages', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'author', m.author, 'text', m.body_text,
                  'sentiment', m.sentiment, 'source', m.source, 'citedFaqIds', m.cited_faq_ids, 'orderNumber', m.order_number,
                  'createdAt', m.created_at) ORDER BY m.created_at, m.seq), '[]'::json) FROM messages m WHERE m.conversation_id = c.id),
              'tickets', (SELECT coalesce(json_agg(json_build_object('number', t.number, 'status', t.status, 'priority', t.priority,
                  'category', t.category, 'summary', t.summary, 'orderNumber', t.order_number, 'escalationReason', t.escalation_reason,
                  'createdAt', t.created_at) ORDER BY t.created_at), '[]'::json) FROM tickets t WHERE t.conversation_id = c.id),
              'ratings', (SELECT coalesce(json_agg(json_build_object('rating', r.rating, 'comment', r.comment, 'resolution', r.resolution,
                  'createdAt', r.created_at) ORDER BY r.created_at), '[]'::json) FROM ratings r WHERE r.conversation_id = c.id),
              'notes', (SELECT coalesce(json_agg(json_build_object('kind', n.kind, 'author', n.author, 'body', n.body,
                  'createdAt', n.created_at) ORDER BY n.created_at), '[]'::json) FROM conversation_notes n WHERE n.conversation_id = c.id)
            )::text FROM conversations c WHERE c.store_id = ? ORDER BY c.created_at, c.id""";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    ExportService(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** @return a temporary file holding the store's export (the caller deletes it) */
    public Path export(UUID storeId) {
        try {
            Path file = Files.createTempFile("handoff-export-", ".jsonl");
            transactions.executeRead(status -> jdbc.execute(c -> {
                try (PreparedStatement s = c.prepareStatement(LINE); BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    s.setFetchSize(500);
                    s.setObject(1, storeId);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            out.write(r.getString(1));
                            out.write('\n');
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
