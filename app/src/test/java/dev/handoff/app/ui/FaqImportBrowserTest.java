package dev.handoff.app.ui;

import dev.handoff.app.support.AdminSignIn;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.Browser;
import dev.handoff.app.support.Looks;
import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A FAQ import from the knowledge-base page in headless Chromium: the page shows the background import's progress
 * while it runs, then what it did and which rows it skipped; on a phone, the latest import's result after a reload.
 */
class FaqImportBrowserTest {

    private static final Api API = TestApp.api();

    private static void signIn(Browser b, String store) {
        AdminSignIn.signIn(b, API.base(), store, "knowledge");
    }

    @Test
    void theKnowledgeBaseShowsAnImportsProgressAndResult() {
        String store = API.createStore("Import Shop").id();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(Map.of("category", "Sizes", "question", "Does style " + i + " run true to size?",
                    "answer", "Style " + i + " runs true to size; see its size chart."));
        }
        rows.add(Map.of("category", "Sizes", "question", "A row without an answer"));
        try (Browser b = Browser.open(1440, 900)) {
            signIn(b, store);
            b.find(".faq-list details.import summary").click();
            // every summary the page shows, recorded as it changes (the running state may last only a moment)
            b.js("""
                    window.importTexts = [];
                    new MutationObserver(() => { const p = document.querySelector('.import-summary'); if (p) importTexts.push(p.textContent); })
                      .observe(document.body, { subtree: true, childList: true, characterData: true });""");
            b.js("arguments[0].value = arguments[1]", b.find(".faq-list details.import textarea"), Api.json(rows));
            b.find("#faq-import").click();
            WebElement status = b.until(Duration.ofSeconds(120), d -> d.findElements(By.cssSelector(".import-status.done")).stream()
                    .findFirst().orElse(null));
            Looks.assertSeen(b, status, "the finished import");
            assertTrue(status.getText().contains("Imported 121 rows: 120 new, 0 updated, 0 unchanged, 1 row skipped — searchable now."),
                    status.getText());
            WebElement skipped = b.find(".import-errors li");
            Looks.assertSeen(b, skipped, "the skipped row");
            assertEquals("Row 121: Answer is required", skipped.getText());
            @SuppressWarnings("unchecked")
            List<String> seen = (List<String>) b.js("return window.importTexts");
            assertTrue(seen.stream().anyMatch(t -> t.startsWith("Importing… ") && t.contains("of 121 rows")), "progress was shown: " + seen);
            b.until(d -> d.findElements(By.cssSelector(".faq-items li")).size() == 120);
            Looks.assertAccessible(b, "knowledge base after an import");
            Looks.screenshot(b, "faq-import-desktop");
            assertTrue(b.consoleErrors().isEmpty(), b.consoleErrors().toString());
        }
        try (Browser phone = Browser.open(390, 844)) {
            signIn(phone, store);
            WebElement status = Looks.awaitSeen(phone, () -> phone.driver().findElements(By.cssSelector(".import-status.done")).stream()
                    .findFirst().orElse(null), "the latest import after a reload");
            assertTrue(status.getText().contains("120 new"), status.getText());
            Looks.assertNoSidewaysScroll(phone, "the knowledge base with an import's result on a phone");
            Looks.screenshot(phone, "faq-import-phone");
        }
    }
}
