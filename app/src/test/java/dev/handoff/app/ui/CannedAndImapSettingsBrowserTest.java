package dev.handoff.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.Mailserver;
import dev.handoff.app.support.TestApp;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.handoff.app.support.Looks.click;
import static dev.handoff.app.support.Looks.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings as a merchant uses them in Chromium: a canned response edited in place (Edit fills the form, Save
 * replaces it, Cancel leaves it), a delete that asks first and does nothing when declined, an unknown
 * {@code {{variable}}} refused beside the form in words that name it and the supported ones, a template stored
 * before that check still editable; the IMAP form's Security choice, implicit TLS by default as the API's, and
 * only "None" reaching a plain IMAP server (GreenMail), which the default cannot. At desktop and phone sizes.
 */
class CannedAndImapSettingsBrowserTest {

    private static final Api API = TestApp.api();

    private static JsonNode get(String store, String path) {
        return API.admin("GET", "/api/stores/" + store + path, null).body();
    }

    private static JsonNode awaitApi(String store, String path, Predicate<JsonNode> done) {
        return Api.await(() -> get(store, path), done);
    }

    private static void type(Browser b, String css, String value) {
        WebElement e = seen(b, css, null);
        e.clear();
        e.sendKeys(value);
    }

    private static String value(Browser b, String css) {
        return b.driver().findElement(By.cssSelector(css)).getDomProperty("value");
    }

    private static JsonNode byShortcut(JsonNode all, String shortcut) {
        for (JsonNode c : all) {
            if (c.get("shortcut").asText().equals(shortcut)) {
                return c;
            }
        }
        return null;
    }

    /** Stores a template as one saved before unknown variables were refused, past the API's check. */
    @SuppressWarnings("unchecked")
    private static String storeLegacy(String store, String shortcut, String title, String body) {
        UUID id = UUID.randomUUID();
        TransactionOperations<Connection> tx = API.app().context().getBean(TransactionOperations.class);
        tx.executeWrite(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(
                    "INSERT INTO canned_responses (id, store_id, shortcut, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                s.setObject(1, id);
                s.setObject(2, UUID.fromString(store));
                s.setString(3, shortcut);
                s.setString(4, title);
                s.setString(5, body);
                s.setTimestamp(6, now);
                s.setTimestamp(7, now);
                return s.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return id.toString();
    }

    @Test
    void aCannedResponseIsEditedInPlaceDeletedOnlyWhenConfirmedAndAnUnknownVariableIsSaidBesideTheForm() {
        String store = API.createStore("Canned UI Shop").id();
        String base = "/api/stores/" + store + "/canned-responses";
        String thanksId = API.admin("POST", base, Map.of("shortcut", "thanks", "title", "Thank you", "body", "Thanks {{customer.name}}!"))
                .body().get("id").asText();
        String couponId = storeLegacy(store, "coupon", "Coupon", "Use {{coupon.code}} at checkout");

        try (Browser b = Browser.open(1440, 900)) {
            AdminSignIn.signIn(b, API.base(), store, "settings/canned");
            seen(b, "#canned-list li", "/coupon");
            seen(b, "#canned-list li", "/thanks");

            // Edit fills the form; a variable Handoff does not know is refused beside it, and nothing changes
            click(b, "#canned-list li[data-id='" + thanksId + "'] button.edit-canned", "Edit");
            seen(b, "#canned-form-title", "Edit /thanks");
            assertEquals("thanks", value(b, "input[name=shortcut]"));
            assertEquals("Thank you", value(b, "input[name=title]"));
            assertEquals("Thanks {{customer.name}}!", value(b, "textarea[name=body]"));
            seen(b, "#canned-cancel", "Cancel");
            type(b, "textarea[name=body]", "Thanks {{customer.name}}, follow it here: {{order.tracking_link}}");
            click(b, "#canned-save", "Save");
            WebElement error = seen(b, "#canned-error", "{{order.tracking_link}}");
            assertTrue(error.getText().contains("{{order.tracking_url}}") && error.getText().contains("{{customer.email}}"),
                    "lists the supported variables: " + error.getText());
            Looks.screenshot(b, "canned-unknown-variable-desktop");
            assertEquals("Thanks {{customer.name}}!", byShortcut(get(store, "/canned-responses"), "thanks").get("body").asText());

            // mended and saved: the same response, changed in place; the form is for a new one again
            type(b, "textarea[name=body]", "Thanks {{customer.name}}, follow it here: {{order.tracking_url}}");
            type(b, "input[name=title]", "Thanks with tracking");
            click(b, "#canned-save", "Save");
            JsonNode all = awaitApi(store, "/canned-responses", a -> byShortcut(a, "thanks") != null
                    && byShortcut(a, "thanks").get("title").asText().equals("Thanks with tracking"));
            assertEquals(2, all.size(), all.toString());
            assertEquals(thanksId, byShortcut(all, "thanks").get("id").asText(), "edited in place, not added");
            assertEquals("Thanks {{customer.name}}, follow it here: {{order.tracking_url}}", byShortcut(all, "thanks").get("body").asText());
            seen(b, "#canned-list li[data-id='" + thanksId + "']", "Thanks with tracking");
            seen(b, "#canned-form-title", "New canned response");
            seen(b, "#canned-save", "Add");
            b.until(d -> d.findElement(By.id("canned-error")).getText().isEmpty());
            Looks.assertNotSeen(b, b.find("#canned-cancel"), "Cancel after saving");
            assertEquals("", value(b, "textarea[name=body]"));

            // a template stored before the check still opens in the form; Cancel leaves it as it was
            click(b, "#canned-list li[data-id='" + couponId + "'] button.edit-canned", "Edit");
            seen(b, "#canned-form-title", "Edit /coupon");
            assertEquals("Use {{coupon.code}} at checkout", value(b, "textarea[name=body]"));
            type(b, "input[name=title]", "Changed but cancelled");
            click(b, "#canned-cancel", "Cancel");
            seen(b, "#canned-form-title", "New canned response");
            assertEquals("", value(b, "input[name=title]"));
            Looks.assertNotSeen(b, b.find("#canned-cancel"), "Cancel after cancelling");
            assertEquals("Coupon", byShortcut(get(store, "/canned-responses"), "coupon").get("title").asText());

            // Delete asks first: declined, the response stays; accepted, it goes
            click(b, "#canned-list li[data-id='" + couponId + "'] button.delete-canned", "Delete");
            String asked = b.driver().switchTo().alert().getText();
            assertTrue(asked.contains("/coupon"), asked);
            b.driver().switchTo().alert().dismiss();
            seen(b, "#canned-list li[data-id='" + couponId + "']", "/coupon");
            assertEquals(2, get(store, "/canned-responses").size(), "declined: nothing deleted");
            click(b, "#canned-list li[data-id='" + couponId + "'] button.delete-canned", "Delete");
            b.driver().switchTo().alert().accept();
            awaitApi(store, "/canned-responses", a -> a.size() == 1 && byShortcut(a, "coupon") == null);
            b.until(d -> d.findElements(By.cssSelector("#canned-list li[data-id='" + couponId + "']")).isEmpty());

            // adding with an unknown variable: refused beside the form, nothing stored
            type(b, "input[name=shortcut]", "promo");
            type(b, "input[name=title]", "Promo");
            type(b, "textarea[name=body]", "Here is {{promo.code}}");
            click(b, "#canned-save", "Add");
            seen(b, "#canned-error", "{{promo.code}}");
            assertEquals(1, get(store, "/canned-responses").size());
            Looks.assertAccessible(b, "settings: canned responses (editing)");
            assertTrue(b.consoleErrors().isEmpty(), "console errors: " + b.consoleErrors());
        }

        try (Browser b = Browser.open(390, 844)) {
            AdminSignIn.signIn(b, API.base(), store, "settings/canned");
            click(b, "#canned-list li[data-id='" + thanksId + "'] button.edit-canned", "Edit");
            seen(b, "#canned-form-title", "Edit /thanks");
            seen(b, "#canned-save", "Save");
            seen(b, "#canned-cancel", "Cancel");
            type(b, "textarea[name=body]", "Thanks {{customer.nam}}");
            click(b, "#canned-save", "Save");
            seen(b, "#canned-error", "{{customer.nam}}");
            Looks.assertNoSidewaysScroll(b, "canned responses on a phone");
            Looks.screenshot(b, "canned-edit-phone");
            seen(b, "#canned-list li[data-id='" + thanksId + "'] button.delete-canned", "Delete");
            Looks.screenshot(b, "canned-list-phone");
        }
    }

    @Test
    void theImapFormOffersTheSecurityTheApiKnowsAndOnlyNoneReachesAPlainServer() {
        String store = API.createStore("IMAP UI Shop").id();
        String box = "imapui-" + UUID.randomUUID().toString().substring(0, 6) + "@shop.test";
        try (Mailserver mail = new Mailserver()) {
            mail.user(box, "pw-imap");
            try (Browser b = Browser.open(1440, 900)) {
                AdminSignIn.signIn(b, API.base(), store, "settings/channels");
                Select security = new Select(seen(b, "#imap-tls", null));
                List<String> offered = security.getOptions().stream().map(WebElement::getText).toList();
                assertEquals(List.of("SSL/TLS", "STARTTLS", "None (local server)"), offered);
                assertEquals("tls", security.getFirstSelectedOption().getDomAttribute("value"), "the default is the API's: implicit TLS");
                seen(b, "#imapPort-label", "993");
                seen(b, "#smtpPort-label", "465");

                type(b, "input[name=email]", box);
                type(b, "input[name=imapHost]", "127.0.0.1");
                type(b, "input[name=imapPort]", String.valueOf(mail.imapPort()));
                type(b, "input[name=smtpHost]", "127.0.0.1");
                type(b, "input[name=smtpPort]", String.valueOf(mail.smtpPort()));
                type(b, "input[name=password]", "pw-imap");
                // implicit TLS to a plain server fails: the choice is what makes the difference below (STARTTLS, required,
                // is refused by it too: ImapChannelTest)
                click(b, ".settings-body form button[type=submit]", "Connect");
                seen(b, "#imap-error", "Could not connect");
                assertEquals(0, get(store, "/channels").size());
                new Select(seen(b, "#imap-tls", null)).selectByValue("starttls");
                seen(b, "#imapPort-label", "143");
                seen(b, "#tls-hint", "refused");

                new Select(seen(b, "#imap-tls", null)).selectByValue("none");
                seen(b, "#imapPort-label", "143");
                seen(b, "#smtpPort-label", "587");
                seen(b, "#tls-hint", "in the clear");
                Looks.screenshot(b, "imap-security-desktop");
                Looks.assertAccessible(b, "settings: channels (IMAP security)");
                click(b, ".settings-body form button[type=submit]", "Connect");
                seen(b, "#channel-list li", box);
                JsonNode channels = awaitApi(store, "/channels", c -> c.size() == 1);
                assertEquals("imap", channels.get(0).get("kind").asText());
                assertEquals(box, channels.get(0).get("email").asText());
                // the form is ready for another mailbox, back on the default
                assertEquals("tls", new Select(b.find("#imap-tls")).getFirstSelectedOption().getDomAttribute("value"));
                seen(b, "#imapPort-label", "993");
                seen(b, "#channel-list li", box);
                Looks.screenshot(b, "imap-connected-desktop");
            }
            try (Browser b = Browser.open(390, 844)) {
                AdminSignIn.signIn(b, API.base(), store, "settings/channels");
                seen(b, "#channel-list li", box);
                WebElement select = seen(b, "#imap-tls", null);
                new Select(select).selectByValue("starttls");
                seen(b, "#tls-hint", "STARTTLS");
                seen(b, "#smtpPort-label", "587");
                Looks.assertNoSidewaysScroll(b, "the IMAP form on a phone");
                Looks.screenshot(b, "imap-security-phone");
            }
        }
    }
}
