package dev.handoff.app.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.handoff.app.conversation.Contact;
import dev.handoff.app.conversation.Conversation;
import dev.handoff.app.conversation.ConversationLifecycle;
import dev.handoff.app.conversation.ConversationLookup;
import dev.handoff.app.conversation.Contacts;
import dev.handoff.app.conversation.MessageAppender;
import dev.handoff.app.conversation.NewMessage;
import dev.handoff.app.platform.JobScheduler;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assistant's turn survives a lost in-memory run (the durable job runs it) and runs once. */
class AssistantDurabilityTest {

    @Test
    void theDurableJobRunsATurnTheInMemoryPathNeverRan() {
        Api api = TestApp.api();
        ApplicationContext ctx = api.app().context();
        String store = api.storeId("demo");

        // what a crash right after the commit leaves behind: the message and its job, no turn
        UUID messageId = storeWithJob(ctx, store, "Do you ship internationally?", Instant.now());
        ctx.getBean(JobScheduler.class).wake();
        String conversationId = ctx.getBean(ConversationLookup.class).findMessage(messageId).orElseThrow().conversationId().toString();
        JsonNode c = Api.await(() -> api.conversation(store, conversationId), d -> d.get("messages").size() == 2);
        assertEquals("faq", c.get("messages").get(1).get("source").asText());
        assertEquals(0, pendingJobs(ctx, messageId));
    }

    @Test
    void aTurnTheLastStopInterruptedRunsAtStartNotAtItsJobsTime() {
        Api api = TestApp.api();
        ApplicationContext ctx = api.app().context();
        String store = api.storeId("demo");
        // what a kill leaves: the message and its job, stored 10 s before, so due 20 s from now; a message of the last
        // second whose turn another node may be running keeps its time
        UUID interrupted = storeWithJob(ctx, store, "Do you ship internationally?", Instant.now().plusSeconds(20));
        UUID fresh = storeWithJob(ctx, store, "What payment methods do you accept?", Instant.now().plusSeconds(29));
        // (other tests' interrupted turns, if any, are brought forward too)
        int brought = ctx.getBean(AssistantQueue.class).runInterrupted();
        assertTrue(brought >= 1, "brought forward: " + brought);

        String conversationId = ctx.getBean(ConversationLookup.class).findMessage(interrupted).orElseThrow().conversationId().toString();
        JsonNode c = Api.await(() -> api.conversation(store, conversationId), d -> d.get("messages").size() == 2, java.time.Duration.ofSeconds(10));
        assertEquals("faq", c.get("messages").get(1).get("source").asText());
        assertEquals(1, pendingJobs(ctx, fresh), "the young job waits for its own time");
    }

    /** Stores a customer message and its turn's job due at {@code due}, with no turn run: what a crash leaves. */
    @SuppressWarnings("unchecked")
    private static UUID storeWithJob(ApplicationContext ctx, String store, String text, Instant due) {
        OneTimeTask<String> task = ctx.getBean(OneTimeTask.class, Qualifiers.byName(AssistantJobs.TASK));
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        return tx.executeWrite(status -> {
            Contact contact = ctx.getBean(Contacts.class).contactFor(UUID.fromString(store), null, null);
            Conversation c = ctx.getBean(ConversationLifecycle.class).open(UUID.fromString(store), "widget", contact, "token");
            UUID id = ctx.getBean(MessageAppender.class).append(c, NewMessage.customer(text, null, null)).message().id();
            ctx.getBean(JobScheduler.class).enqueueAt(task, id.toString(), id.toString(), due);
            return id;
        });
    }

    @Test
    void theInMemoryRunClaimsItsJobSoTheTurnRunsOnce() {
        Api api = TestApp.api();
        String store = api.storeId("demo");
        Api.Visitor v = api.startConversation("demo", null, null);
        String messageId = api.say(v, "What payment methods do you accept?").body().get("id").asText();
        JsonNode c = api.settled(store, v.conversationId());
        assertEquals(2, c.get("messages").size());
        assertEquals(0, pendingJobs(api.app().context(), UUID.fromString(messageId)), "the safety-net job was claimed");
    }

    @SuppressWarnings("unchecked")
    private static int pendingJobs(ApplicationContext ctx, UUID messageId) {
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        return tx.executeRead(status -> ctx.getBean(JdbcOperations.class).prepareStatement(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'assistant-turn' AND task_instance = ?", s -> {
                    s.setString(1, messageId.toString());
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }));
    }
}
