package dev.handoff.app.helpcenter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.app.support.Api;
import dev.handoff.app.support.TestApp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public help center over HTTP, on a store of its own. */
class HelpCenterTest {

    private static final Api API = TestApp.api();
    private static final String EVIL_QUESTION = "Can I pay with <img src=x onerror=alert(1)> gift cards?";
    private static final String EVIL_ANSWER = "Yes.</script><script>alert(2)</script>\n\nSee https://shop.example/gift-cards. <b>Thanks</b>";

    private static String store;
    private static String key;
    private static String shipping;
    private static String returns;
    private static String empty;
    private static String canada;
    private static String express;
    private static String evil;
    private static String draft;
    private static String loose;

    @BeforeAll
    static void store() {
        store = API.createStore("Help & Co").id();
        key = API.widgetKey(store);
        assertEquals(200, API.admin("PATCH", "/api/stores/" + store + "/settings", Map.of("widget", Map.of("color", "#0f766e"))).status());
        shipping = category("Shipping & delivery");
        returns = category("Returns");
        empty = category("Wholesale");
        canada = item(shipping, "Do you ship to Canada?", "Yes, we ship to Canada in 5 to 8 business days. Duties are included.", true);
        express = item(shipping, "Do you offer express delivery?", "Express delivery takes 1 to 2 business days and costs $15.", true);
        evil = item(returns, EVIL_QUESTION, EVIL_ANSWER, true);
        draft = item(returns, "How do I return a mattress?", "Mattress returns are collected by a courier within 100 nights.", false);
        item(empty, "Do you sell wholesale?", "Write to sales; we answer within a day.", false);
        loose = item(null, "Where is your warehouse?", "Our warehouse is in Leeds.", true);
    }

    private static String category(String name) {
        return API.admin("POST", "/api/stores/" + store + "/faq/categories", Map.of("name", name)).body().get("id").asText();
    }

    private static String item(String category, String question, String answer, boolean published) {
        Map<String, Object> body = new HashMap<>();
        body.put("categoryId", category);
        body.put("question", question);
        body.put("answer", answer);
        body.put("published", published);
        Api.Res r = API.admin("POST", "/api/stores/" + store + "/faq/items", body);
        assertEquals(201, r.status(), r.raw());
        return r.body().get("id").asText();
    }

    private static Api.Res get(String path, String... headers) {
        return API.send("GET", path, null, headers);
    }

    @Test
    void theHomePageListsPublishedItemsByCategoryWithStructuredData() throws Exception {
        Api.Res r = get("/help/" + key);
        assertEquals(200, r.status(), r.raw());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        Document page = Jsoup.parse(r.raw(), API.base());
        assertEquals("Help & Co help center", page.title());
        assertTrue(page.selectFirst("meta[name=description]").attr("content").startsWith("Answers from Help & Co"));
        String canonical = page.selectFirst("link[rel=canonical]").attr("href");
        assertTrue(canonical.matches("http://localhost:\\d+/help/" + key), "absolute, from handoff.public-url or the server's address: " + canonical);
        assertEquals("en", page.selectFirst("html").attr("lang"));
        assertTrue(page.body().attr("style").contains("--accent: #0f766e"), "accent colour from the widget settings");
        assertEquals("Help & Co", page.selectFirst("header a.brand").text());

        List<String> headings = page.select("#browse h2").eachText();
        assertEquals(List.of("Returns", "Shipping & delivery", "More questions"), headings, "categories without a published item are hidden");
        List<String> questions = page.select("#browse a.question").eachText();
        assertEquals(List.of(EVIL_QUESTION, "Do you ship to Canada?", "Do you offer express delivery?", "Where is your warehouse?"), questions);
        assertTrue(page.select(".answer").isEmpty(), "questions only: the answers are on the item pages");
        assertFalse(r.raw().contains("Duties are included"), "no answer text on the home page");
        assertFalse(r.raw().contains("mattress"), "drafts are not on the page");
        assertFalse(r.raw().contains("wholesale"));

        // a search form that works without scripts
        Element form = page.selectFirst("form.search");
        assertEquals("get", form.attr("method"));
        assertEquals("q", form.selectFirst("input").attr("name"));
        assertEquals("Search the help center", page.selectFirst("label[for=q]").text());

        JsonNode ld = Api.JSON.readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertEquals("https://schema.org", ld.get("@context").asText());
        assertEquals("ItemList", ld.get("@type").asText());
        List<String> urls = new ArrayList<>();
        for (JsonNode e : ld.get("itemListElement")) {
            assertEquals("ListItem", e.get("@type").asText());
            assertEquals(urls.size() + 1, e.get("position").asInt());
            urls.add(e.get("url").asText());
        }
        assertEquals(page.select("#browse a.question").eachAttr("href"), urls, "the structured data lists the visible questions' pages");
        assertTrue(urls.get(0).contains("/items/" + evil + "-"), urls.toString());
    }

    @Test
    void aLargeCategoryShowsItsFirstQuestionsAtHomeAndAllOfThemOnItsOwnPage() throws Exception {
        String big = API.createStore("Big Shop").id();
        String bigKey = API.widgetKey(big);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            rows.add(Map.of("category", "Sizing", "question", "Which size is model " + i + "?", "answer", "Model " + i + " runs true to size."));
        }
        rows.add(Map.of("category", "Care", "question", "How do I wash wool?", "answer", "By hand, cold."));
        API.importFaq(big, rows);

        Document home = Jsoup.parse(get("/help/" + bigKey).raw(), API.base());
        List<String> sizing = home.select("#browse section:has(h2:containsOwn(Sizing)) a.question").eachText();
        assertEquals(10, sizing.size(), "the first ten questions of a large category: " + sizing);
        assertEquals("Which size is model 1?", sizing.get(0));
        Element all = home.selectFirst("#browse section:has(h2:containsOwn(Sizing)) p.all a");
        assertEquals("All 13 questions in Sizing", all.text());
        assertNull(home.selectFirst("#browse section:has(h2:containsOwn(Care)) p.all"), "a small category lists every question already");
        JsonNode ld = Api.JSON.readTree(home.selectFirst("script[type=application/ld+json]").data());
        assertEquals(11, ld.get("itemListElement").size(), "the structured data lists the questions shown");

        String path = java.net.URI.create(all.attr("href")).getPath();
        Api.Res r = get(path);
        assertEquals(200, r.status(), r.raw());
        Document category = Jsoup.parse(r.raw(), API.base());
        assertEquals("Sizing – Big Shop help center", category.title());
        assertEquals(all.attr("href"), category.selectFirst("link[rel=canonical]").attr("href"));
        assertEquals("Sizing", category.selectFirst("h1").text());
        List<String> hrefs = category.select("#browse a.question").eachAttr("href");
        assertEquals(13, hrefs.size());
        List<String> urls = new ArrayList<>();
        Api.JSON.readTree(category.selectFirst("script[type=application/ld+json]").data()).get("itemListElement")
                .forEach(e -> urls.add(e.get("url").asText()));
        assertEquals(hrefs, urls);
        assertTrue(r.headers().firstValue("ETag").isPresent());

        Document item = Jsoup.parse(get(java.net.URI.create(hrefs.get(12)).getPath()).raw(), API.base());
        assertEquals(all.attr("href"), item.select("nav.crumbs a").get(1).attr("href"), "the item's breadcrumb leads to its category's page");
        assertTrue(get("/help/" + bigKey + "/sitemap.xml").raw().contains("<loc>" + all.attr("href") + "</loc>"), "category pages are in the sitemap");
        assertEquals(404, get("/help/" + bigKey + "/categories/no-such-category").status());
    }

    @Test
    void whatMerchantsTypeIsTextNeverMarkup() throws Exception {
        Document home = Jsoup.parse(get("/help/" + key).raw());
        assertEquals(EVIL_QUESTION, home.selectFirst("#browse a.question").text(), "the question is text on the home page");
        assertTrue(home.select("img").isEmpty(), "no element from the question");
        Document page = Jsoup.parse(get(java.net.URI.create(home.selectFirst("#browse a.question").attr("href")).getPath()).raw());
        assertTrue(page.select("img").isEmpty(), "no element from the question");
        assertTrue(page.select("b").isEmpty(), "no element from the answer");
        assertEquals(1, page.select("script[type=application/ld+json]").size());
        assertTrue(page.select("script:not([src]):not([type=application/ld+json])").isEmpty(), "no inline script from the answer");
        Element answer = page.selectFirst("article[data-item=" + evil + "] .answer");
        assertEquals(2, answer.select("p").size(), "paragraphs at blank lines");
        assertEquals("Yes.</script><script>alert(2)</script>", answer.select("p").get(0).text());
        Element link = answer.selectFirst("a");
        assertEquals("https://shop.example/gift-cards", link.attr("href"), "the link without its full stop");
        assertEquals("nofollow noopener", link.attr("rel"));
        assertTrue(answer.select("p").get(1).text().endsWith("<b>Thanks</b>"));
        JsonNode ld = Api.JSON.readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertEquals("FAQPage", ld.get("@type").asText());
        assertEquals(EVIL_QUESTION, ld.get("mainEntity").get(0).get("name").asText());
        assertEquals("Answer", ld.get("mainEntity").get(0).get("acceptedAnswer").get("@type").asText());
        assertEquals(EVIL_ANSWER, ld.get("mainEntity").get(0).get("acceptedAnswer").get("text").asText());
    }

    @Test
    void itemPagesHaveReadableAddressesAndUnknownOnesAre404Pages() throws Exception {
        String path = "/help/" + key + "/items/" + canada + "-do-you-ship-to-canada";
        Api.Res r = get(path);
        assertEquals(200, r.status(), r.raw());
        Document page = Jsoup.parse(r.raw());
        assertEquals("Do you ship to Canada?", page.selectFirst("article h1").text());
        assertEquals("Do you ship to Canada? – Help & Co help center", page.title());
        assertTrue(page.selectFirst("link[rel=canonical]").attr("href").matches("http://localhost:\\d+" + path));
        assertEquals("Yes, we ship to Canada in 5 to 8 business days. Duties are included.",
                page.selectFirst("meta[name=description]").attr("content"));
        assertEquals(List.of("Help center", "Shipping & delivery"), page.select("nav.crumbs a").eachText());
        assertEquals(List.of("Do you offer express delivery?"), page.select("section:has(#more-title) a").eachText());
        JsonNode ld = Api.JSON.readTree(page.selectFirst("script[type=application/ld+json]").data());
        assertEquals("Do you ship to Canada?", ld.get("mainEntity").get(0).get("name").asText());
        assertEquals(2, page.select(".feedback button[name=helpful]").size());

        Api.Res moved = get("/help/" + key + "/items/" + canada + "-old-title");
        assertEquals(301, moved.status());
        assertTrue(moved.headers().firstValue("Location").orElseThrow().matches("http://localhost:\\d+" + path));

        for (String missing : List.of("/help/" + key + "/items/" + draft + "-how-do-i-return-a-mattress",
                "/help/" + key + "/items/00000000-0000-0000-0000-000000000000-nothing", "/help/" + key + "/items/not-an-id",
                "/help/no-such-store", "/help/no-such-store/items/" + canada + "-do-you-ship-to-canada")) {
            Api.Res nf = get(missing);
            assertEquals(404, nf.status(), missing);
            assertTrue(nf.contentType().startsWith("text/html"), missing + " " + nf.contentType());
            assertEquals("Page not found", Jsoup.parse(nf.raw()).selectFirst("h1").text(), missing);
        }
        assertEquals(404, get("/help/no-such-store/search?q=canada").status());
        assertTrue(get("/help/no-such-store/search?q=canada").contentType().startsWith("application/problem+json"));
    }

    @Test
    void pagesRevalidateAndAnEditChangesTheirEtag() {
        String path = "/help/" + key + "/items/" + express + "-do-you-offer-express-delivery";
        Api.Res first = get(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        assertEquals("public, no-cache", first.headers().firstValue("Cache-Control").orElseThrow());
        Api.Res again = get(path, "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals("", again.raw());
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
        String home = get("/help/" + key).headers().firstValue("ETag").orElseThrow();

        Map<String, Object> edit = new HashMap<>();
        edit.put("categoryId", shipping);
        edit.put("question", "Do you offer express delivery?");
        edit.put("answer", "Express delivery takes 1 business day and costs $18.");
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + express, edit).status());
        Api.Res edited = get(path, "If-None-Match", etag);
        assertEquals(200, edited.status(), "the edit is visible at once");
        assertNotEquals(etag, edited.headers().firstValue("ETag").orElseThrow());
        assertTrue(edited.raw().contains("costs $18"));
        assertEquals(304, get("/help/" + key, "If-None-Match", home).status(), "the home page lists questions only: an answer edit leaves it as it was");
        edit.put("question", "Do you offer express shipping?");
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + express, edit).status());
        Api.Res renamed = get("/help/" + key, "If-None-Match", home);
        edit.put("question", "Do you offer express delivery?");
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + express, edit).status());
        assertEquals(200, renamed.status(), "a new question changes the home page at once");
        assertTrue(renamed.raw().contains("Do you offer express shipping?"));
    }

    @Test
    void searchFindsPublishedItemsAndRecordsWhatFoundNothing() {
        JsonNode found = get("/help/" + key + "/search?q=" + enc("shipping to canada")).body();
        assertEquals("shipping to canada", found.get("query").asText());
        assertEquals(canada, found.get("results").get(0).get("id").asText());
        assertEquals("Shipping & delivery", found.get("results").get(0).get("category").asText());
        assertTrue(found.get("results").get(0).get("url").asText().endsWith("/items/" + canada + "-do-you-ship-to-canada"));

        JsonNode mattress = get("/help/" + key + "/search?q=" + enc("return a mattress")).body().get("results");
        for (JsonNode m : mattress) {
            assertNotEquals(draft, m.get("id").asText(), "drafts are not found");
        }
        // typed letter by letter in one session: one search
        String session = "test-session-" + System.nanoTime();
        for (String q : List.of("xq", "xqz", "xqzv", "xqzvw plutonium")) {
            JsonNode none = get("/help/" + key + "/search?session=" + session + "&q=" + enc(q)).body();
            assertEquals(0, none.get("results").size(), q);
        }
        JsonNode stats = API.admin("GET", "/api/stores/" + store + "/help/stats", null).body();
        List<String> unanswered = new ArrayList<>();
        stats.get("unansweredSearches").forEach(u -> unanswered.add(u.get("query").asText()));
        assertTrue(unanswered.contains("xqzvw plutonium"), unanswered.toString());
        assertFalse(unanswered.contains("xqz"), "the letters typed before count once: " + unanswered);
        JsonNode analytics = API.admin("GET", "/api/stores/" + store + "/analytics", null).body();
        List<String> questions = new ArrayList<>();
        analytics.get("unansweredQuestions").forEach(u -> u.get("examples").forEach(e -> questions.add(e.asText())));
        assertTrue(questions.contains("xqzvw plutonium"), "searches without result join the unanswered questions: " + questions);

        // the form without scripts: results rendered on the page
        Document page = Jsoup.parse(get("/help/" + key + "?q=" + enc("express delivery")).raw());
        assertEquals("Results for “express delivery”", page.selectFirst("#results h2").text());
        assertEquals("Do you offer express delivery?", page.selectFirst("#results a.question").text());
        assertEquals("express delivery", page.selectFirst("#q").val());
    }

    @Test
    void feedbackViewsAndDeflectionReachTheMerchant() {
        String itemPath = "/help/" + key + "/items/" + loose + "-where-is-your-warehouse";
        for (int i = 0; i < 5; i++) {
            get(itemPath);
        }
        Api.Res yes = API.send("POST", itemPath + "/feedback", "helpful=yes", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(303, yes.status(), yes.raw());
        String back = yes.headers().firstValue("Location").orElseThrow();
        assertTrue(back.endsWith(itemPath + "?feedback=yes"), back);
        assertEquals("Thanks for letting us know!", Jsoup.parse(get(itemPath + "?feedback=yes").raw()).selectFirst(".feedback p").text());
        assertEquals(204, API.send("POST", itemPath + "/feedback", Api.json(Map.of("helpful", false))).status());
        assertEquals(400, API.send("POST", itemPath + "/feedback", Api.json(Map.of("helpful", "maybe"))).status());

        String deflected = "session-deflected-1";
        String chatted = "session-chatted-22";
        assertEquals(204, API.send("POST", "/help/" + key + "/events", Api.json(Map.of("kind", "visit", "session", deflected))).status());
        assertEquals(204, API.send("POST", "/help/" + key + "/events", Api.json(Map.of("kind", "view", "itemId", canada, "session", chatted))).status());
        assertEquals(204, API.send("POST", "/help/" + key + "/events", Api.json(Map.of("kind", "conversation", "session", chatted))).status());
        assertEquals(404, API.send("POST", "/help/" + key + "/events", Api.json(Map.of("kind", "view", "itemId", draft, "session", chatted))).status());
        assertEquals(400, API.send("POST", "/help/" + key + "/events", Api.json(Map.of("kind", "visit", "session", "<x>"))).status());

        JsonNode stats = API.admin("GET", "/api/stores/" + store + "/help/stats", null).body();
        JsonNode warehouse = null;
        for (JsonNode i : stats.get("items")) {
            if (i.get("itemId").asText().equals(loose)) {
                warehouse = i;
            }
        }
        assertNotNull(warehouse, stats.toString());
        assertEquals(5, warehouse.get("views").asLong());
        assertEquals(1, warehouse.get("helpful").asLong());
        assertEquals(1, warehouse.get("notHelpful").asLong());
        assertTrue(stats.get("sessions").asLong() >= 2);
        assertTrue(stats.get("deflected").asLong() >= 1 && stats.get("deflected").asLong() < stats.get("sessions").asLong(), stats.toString());

        JsonNode popular = get("/help/" + key + "/popular?limit=2").body();
        assertEquals(loose, popular.get(0).get("id").asText(), "most viewed first");
        assertEquals(2, popular.size());
    }

    @Test
    void itemsAreOrderedWithinTheirCategoryAndDraftsCanBePublished() {
        Api.Res order = API.admin("PUT", "/api/stores/" + store + "/faq/order", Map.of("categoryId", shipping, "itemIds", List.of(express, canada)));
        assertEquals(200, order.status(), order.raw());
        List<String> shippingQuestions = Jsoup.parse(get("/help/" + key).raw()).select("#browse section:has(h2:containsOwn(Shipping)) a.question").eachText();
        assertEquals(List.of("Do you offer express delivery?", "Do you ship to Canada?"), shippingQuestions);
        assertEquals(400, API.admin("PUT", "/api/stores/" + store + "/faq/order", Map.of("categoryId", shipping, "itemIds", List.of(express))).status());
        API.admin("PUT", "/api/stores/" + store + "/faq/order", Map.of("categoryId", shipping, "itemIds", List.of(canada, express)));

        JsonNode items = API.admin("GET", "/api/stores/" + store + "/faq/items", null).body();
        JsonNode mattress = null;
        for (JsonNode i : items) {
            if (i.get("id").asText().equals(draft)) {
                mattress = i;
            }
        }
        assertFalse(mattress.get("published").asBoolean());
        Map<String, Object> publish = new HashMap<>();
        publish.put("categoryId", returns);
        publish.put("question", mattress.get("question").asText());
        publish.put("answer", mattress.get("answer").asText());
        publish.put("published", true);
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + draft, publish).status());
        assertEquals(200, get("/help/" + key + "/items/" + draft + "-how-do-i-return-a-mattress").status(), "published: on the help center");
        JsonNode found = get("/help/" + key + "/search?q=" + enc("return a mattress")).body().get("results");
        assertEquals(draft, found.get(0).get("id").asText(), "and searchable");
        publish.put("published", false);
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + draft, publish).status());
        assertEquals(404, get("/help/" + key + "/items/" + draft + "-how-do-i-return-a-mattress").status());
    }

    /** Everything public about the help center: pages, their JSON-LD, the sitemap, search (JSON and the page's form) and popular items. */
    private static String everythingPublic(String question, String query) {
        StringBuilder all = new StringBuilder();
        Document home = Jsoup.parse(get("/help/" + key).raw());
        all.append(home.outerHtml());
        for (String href : home.select("#browse a.question").eachAttr("href")) {
            all.append(get(java.net.URI.create(href).getPath()).raw());
        }
        all.append(get("/help/" + key + "/sitemap.xml").raw());
        all.append(get("/help/" + key + "/search?q=" + enc(query)).raw());
        all.append(get("/help/" + key + "?q=" + enc(query)).raw());
        all.append(get("/help/" + key + "/popular?limit=20").raw());
        return all.toString();
    }

    @Test
    void aDraftIsNeverPublicInPagesJsonLdSitemapOrSearch() {
        String question = "Can I rent a zeppelin for my wedding?";
        String zeppelin = item(shipping, question, "Yes: zeppelin rentals start at $900 a day.", false);
        String everything = everythingPublic(question, "rent a zeppelin");
        assertFalse(everything.contains(zeppelin), "the draft's id is nowhere public");
        assertFalse(everything.toLowerCase(java.util.Locale.ROOT).contains("zeppelin rental"), "nor its answer");
        assertFalse(everything.contains(question), "nor its question");
        assertEquals(404, get("/help/" + key + "/items/" + zeppelin + "-" + "can-i-rent-a-zeppelin-for-my-wedding").status());

        Map<String, Object> edit = new HashMap<>();
        edit.put("categoryId", shipping);
        edit.put("question", question);
        edit.put("answer", "Yes: zeppelin rentals start at $900 a day.");
        edit.put("published", true);
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + zeppelin, edit).status());
        String sitemap = get("/help/" + key + "/sitemap.xml").raw();
        assertTrue(sitemap.contains("/items/" + zeppelin + "-can-i-rent-a-zeppelin-for-my-wedding</loc>"), "published: in the sitemap " + sitemap);
        assertTrue(sitemap.startsWith("<?xml") && sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), sitemap);
        assertTrue(get("/help/" + key + "/search?q=" + enc("rent a zeppelin")).raw().contains(zeppelin), "and found");

        edit.put("published", false);
        assertEquals(200, API.admin("PUT", "/api/stores/" + store + "/faq/items/" + zeppelin, edit).status());
        assertFalse(everythingPublic(question, "rent a zeppelin").contains(zeppelin), "unpublished again: gone at once everywhere");
        assertEquals(204, API.admin("DELETE", "/api/stores/" + store + "/faq/items/" + zeppelin, null).status());
    }

    @Test
    void theWidgetMayCallTheSearchFromTheStorefrontsOrigin() {
        Api.Res preflight = API.send("OPTIONS", "/help/" + key + "/events", null, "Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertEquals(200, preflight.status(), preflight.raw());
        assertEquals("https://shop.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        Api.Res search = get("/help/" + key + "/search?q=canada", "Origin", "https://shop.example");
        assertEquals("https://shop.example", search.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        Api.Res stats = API.send("OPTIONS", "/api/stores/" + store + "/help/stats", null, "Origin", "https://shop.example",
                "Access-Control-Request-Method", "GET");
        assertTrue(stats.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "the merchant's figures stay same-origin");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
