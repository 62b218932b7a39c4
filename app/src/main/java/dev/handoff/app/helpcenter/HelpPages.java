package dev.handoff.app.helpcenter;

import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.platform.Contrast;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the help center's HTML pages. The page skeleton ({@code help/page.html}) is parsed once with jsoup
 * and cloned per page; everything a merchant or shopper typed goes in through jsoup's text and attribute
 * setters, which escape it, so no answer can inject markup. Answers are plain text: blank lines separate
 * paragraphs, line breaks are kept, and {@code http(s)} addresses become links
 * ({@code rel="nofollow noopener"}). Each page carries a schema.org {@code FAQPage} JSON-LD block
 * (https://schema.org/FAQPage, Google's "FAQ (FAQPage) structured data") with {@code <} escaped as
 * {@code \u003c} so it cannot close its script element, a title, a meta description and a canonical link.
 */
@Singleton
public class HelpPages {

    /** Questions per category on the home page; the category's page lists them all. */
    static final int HOME_QUESTIONS = 10;
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");
    private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");

    private final Document template;
    private final JsonMapper json;

    HelpPages(JsonMapper json) {
        this.json = json;
        try (InputStream in = HelpPages.class.getResourceAsStream("/help/page.html")) {
            if (in == null) {
                throw new IllegalStateException("help/page.html is missing from the classpath");
            }
            template = Jsoup.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            template.outputSettings().prettyPrint(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The home page: search, then every category with its first {@value #HOME_QUESTIONS} questions in the
     * merchant's order, each a link to the item's page, and "All N questions in …" to the category's page
     * when it holds more (answers are on the item pages; the page stays about 3 KB per category however many
     * items there are: 1,000 items in 20 categories gave 470 KB with every question). Its JSON-LD is a
     * schema.org {@code ItemList} of the listed item pages' addresses (Google's "summary page" form of a
     * list); the {@code FAQPage} with each answer is on the item's page, where the
     * answer is visible, as Google's FAQ structured-data guidelines ask.
     *
     * @param results server-side search results for {@code ?q=} (forms without scripts), or {@code null}
     */
    public String home(HelpCenter.Site site, @Nullable HelpCenter.Results results) {
        String name = site.store().name();
        List<FaqItem> shown = site.sections().stream().flatMap(s -> s.items().stream().limit(HOME_QUESTIONS)).toList();
        Document d = page(site, name + " help center", "Answers from " + name + ": " + questionsOf(site), site.base(),
                itemList(site, shown));
        Element hero = d.selectFirst(".hero .wrap");
        hero.appendElement("h1").text("How can we help?");
        searchForm(hero, site, results == null ? "" : results.query(), true);
        Element main = d.selectFirst("main .content");
        Element found = main.appendElement("section").addClass("results").attr("id", "results").attr("aria-live", "polite")
                .attr("aria-labelledby", "results-title");
        if (results == null) {
            found.attr("hidden", true);
        } else {
            renderResults(found, site, results);
        }
        Element browse = main.appendElement("div").attr("id", "browse");
        if (site.sections().isEmpty()) {
            browse.appendElement("p").addClass("empty").text("There are no answers here yet. Use the chat to ask us.");
        }
        for (HelpCenter.Section s : site.sections()) {
            Element section = browse.appendElement("section").attr("aria-labelledby", s.anchor());
            section.appendElement("h2").attr("id", s.anchor()).text(s.name());
            Element list = section.appendElement("ul").addClass("items");
            for (FaqItem i : s.items().subList(0, Math.min(HOME_QUESTIONS, s.items().size()))) {
                list.appendElement("li").appendElement("a").addClass("question").attr("href", site.url(i)).text(i.question());
            }
            if (s.items().size() > HOME_QUESTIONS) {
                section.appendElement("p").addClass("all").appendElement("a").attr("href", site.url(s))
                        .text("All " + s.items().size() + " questions in " + s.name());
            }
        }
        ask(main, "Didn't find your answer?", "");
        return d.outerHtml();
    }

    /**
     * A category's page: every question of one section in the merchant's order, each a link to its item's page,
     * with breadcrumbs and the same {@code ItemList} JSON-LD as the home page.
     */
    public String category(HelpCenter.Site site, HelpCenter.Section section) {
        String name = site.store().name();
        Document d = page(site, section.name() + " – " + name + " help center", "Answers from " + name + " about " + section.name() + ": "
                + excerpt(String.join(" · ", section.items().stream().limit(5).map(FaqItem::question).toList()), 120), site.url(section),
                itemList(site, section.items()));
        searchForm(d.selectFirst(".hero .wrap"), site, "", false);
        Element main = d.selectFirst("main .content");
        Element crumbs = main.appendElement("nav").addClass("crumbs").attr("aria-label", "Breadcrumb").appendElement("ol");
        crumbs.appendElement("li").appendElement("a").attr("href", site.base()).text("Help center");
        Element browse = main.appendElement("div").attr("id", "browse");
        Element part = browse.appendElement("section").attr("aria-labelledby", section.anchor());
        part.appendElement("h1").attr("id", section.anchor()).text(section.name());
        Element list = part.appendElement("ul").addClass("items");
        for (FaqItem i : section.items()) {
            list.appendElement("li").appendElement("a").addClass("question").attr("href", site.url(i)).text(i.question());
        }
        ask(main, "Didn't find your answer?", "");
        return d.outerHtml();
    }

    /**
     * One item's page: breadcrumbs, the answer, "Did this answer your question?", "ask us" and more of its category.
     *
     * @param feedback {@code yes} or {@code no} after the shopper answered (the form redirects back), else {@code null}
     */
    public String item(HelpCenter.Site site, HelpCenter.Placed placed, @Nullable String feedback) {
        FaqItem item = placed.item();
        String name = site.store().name();
        Document d = page(site, item.question() + " – " + name + " help center", excerpt(item.answer(), 155), site.url(item),
                jsonLd(List.of(item)));
        searchForm(d.selectFirst(".hero .wrap"), site, "", false);
        Element main = d.selectFirst("main .content");
        Element crumbs = main.appendElement("nav").addClass("crumbs").attr("aria-label", "Breadcrumb").appendElement("ol");
        crumbs.appendElement("li").appendElement("a").attr("href", site.base()).text("Help center");
        crumbs.appendElement("li").appendElement("a").attr("href", site.url(placed.section())).text(placed.section().name());
        Element article = main.appendElement("article").addClass("item").attr("data-item", item.id().toString());
        article.appendElement("h1").text(item.question());
        answer(article.appendElement("div").addClass("answer"), item.answer());

        Element fb = main.appendElement("section").addClass("feedback").attr("aria-labelledby", "feedback-title");
        if (feedback == null) {
            fb.appendElement("p").attr("id", "feedback-title").text("Did this answer your question?");
            Element form = fb.appendElement("form").attr("method", "post").attr("action", site.url(item) + "/feedback");
            form.appendElement("button").attr("type", "submit").attr("name", "helpful").attr("value", "yes").text("Yes");
            form.appendElement("button").attr("type", "submit").attr("name", "helpful").attr("value", "no").text("No");
        } else {
            fb.appendElement("p").attr("id", "feedback-title").attr("role", "status").text("yes".equals(feedback)
                    ? "Thanks for letting us know!" : "Sorry this didn't help. Tell us more in the chat and a person will answer.");
        }
        ask(main, "Still need help?", item.question());

        List<FaqItem> more = placed.section().items().stream().filter(i -> !i.id().equals(item.id())).limit(5).toList();
        if (!more.isEmpty()) {
            Element related = main.appendElement("section").attr("aria-labelledby", "more-title");
            related.appendElement("h2").attr("id", "more-title").text("More in " + placed.section().name());
            Element list = related.appendElement("ul").addClass("items");
            for (FaqItem i : more) {
                list.appendElement("li").appendElement("a").addClass("question").attr("href", site.url(i)).text(i.question());
            }
        }
        return d.outerHtml();
    }

    /**
     * The sitemap (https://www.sitemaps.org/protocol.html): the home page, each category's page, then each published item's page
     * with {@code lastmod} (its last edit, W3C datetime). Addresses are XML-escaped.
     */
    public String sitemap(HelpCenter.Site site) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        xml.append("<url><loc>").append(xmlText(site.base())).append("</loc></url>\n");
        for (HelpCenter.Section s : site.sections()) {
            xml.append("<url><loc>").append(xmlText(site.url(s))).append("</loc></url>\n");
        }
        for (HelpCenter.Section s : site.sections()) {
            for (FaqItem i : s.items()) {
                xml.append("<url><loc>").append(xmlText(site.url(i))).append("</loc><lastmod>")
                        .append(i.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("</lastmod></url>\n");
            }
        }
        return xml.append("</urlset>\n").toString();
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    /** A 404 page: the store's home link when the store is known, else a plain message. */
    public String notFound(@Nullable HelpCenter.Site site) {
        Document d = template.clone();
        d.title("Page not found");
        d.selectFirst("meta[name=description]").attr("content", "This help center page does not exist.");
        d.select("link[rel=canonical], meta[property^=og:], script[type=application/ld+json]").remove();
        d.selectFirst("header.site span").remove();
        Element brand = d.selectFirst("header.site a.brand");
        Element main = d.selectFirst("main .content");
        main.appendElement("h1").text("Page not found");
        if (site == null) {
            brand.text("Help center").removeAttr("href");
            main.appendElement("p").text("There is no help center at this address. Check the link you followed.");
        } else {
            colors(d, site.color());
            brand.text(site.store().name()).attr("href", site.base());
            main.appendElement("p").text("This answer does not exist or is no longer published. ")
                    .appendElement("a").attr("href", site.base()).text("Browse the help center");
        }
        return d.outerHtml();
    }

    /**
     * A page for shoppers outside the help center (the CSAT survey an email links to) in the help center's look: its
     * skeleton and styles, the store's name in the header linking to the help center, its accent colour and the
     * colours readable on it ({@link Contrast#palette}), {@code heading} as the page's {@code h1} in the accent band. No
     * search, structured data, canonical link or scripts, and {@code noindex}: such a page's address is a private link.
     *
     * @param title   the document title
     * @param heading the page's {@code h1}
     * @return the page; the caller fills {@code main .content} through jsoup's text and attribute setters, which escape
     */
    public Document shopperPage(HelpCenter.Site site, String title, String heading) {
        Document d = template.clone();
        d.title(title);
        d.select("meta[name=description], link[rel=canonical], meta[property^=og:], script[type=application/ld+json]").remove();
        d.head().appendElement("meta").attr("name", "robots").attr("content", "noindex");
        colors(d, site.color());
        d.selectFirst("header.site a.brand").attr("href", site.base()).text(site.store().name());
        d.selectFirst("header.site span").remove();
        d.selectFirst("footer .wrap").text("© " + site.store().name());
        d.selectFirst(".hero .wrap").appendElement("h1").text(heading);
        return d;
    }

    private Document page(HelpCenter.Site site, String title, String description, String canonical, String jsonLd) {
        Document d = template.clone();
        d.title(title);
        d.selectFirst("meta[name=description]").attr("content", description);
        d.selectFirst("link[rel=canonical]").attr("href", canonical);
        d.selectFirst("meta[property=og:title]").attr("content", title);
        d.selectFirst("meta[property=og:description]").attr("content", description);
        d.selectFirst("meta[property=og:url]").attr("content", canonical);
        d.selectFirst("script[type=application/ld+json]").appendChild(new DataNode(jsonLd));
        colors(d, site.color());
        d.selectFirst("header.site a.brand").attr("href", site.base()).text(site.store().name());
        d.selectFirst("footer .wrap").text("© " + site.store().name());
        Element body = d.body();
        body.appendElement("script").attr("src", site.server() + "/help-center.js").attr("data-base", site.base())
                .attr("data-widget-key", site.store().widgetKey()).attr("defer", true);
        if (site.chat()) {
            body.appendElement("script").attr("src", site.server() + "/widget.js").attr("data-widget-key", site.store().widgetKey())
                    .attr("defer", true);
        }
        return d;
    }

    private static void searchForm(Element parent, HelpCenter.Site site, String query, boolean resultsHere) {
        Element form = parent.appendElement("form").addClass("search").attr("role", "search").attr("method", "get")
                .attr("action", site.base());
        form.appendElement("label").attr("for", "q").text("Search the help center");
        Element row = form.appendElement("div").addClass("row");
        row.appendElement("input").attr("id", "q").attr("name", "q").attr("type", "search").attr("value", query)
                .attr("autocomplete", "off").attr("maxlength", String.valueOf(HelpCenter.MAX_QUERY))
                .attr("placeholder", "e.g. How long does delivery take?");
        if (resultsHere) {
            row.selectFirst("input").attr("aria-controls", "results");
        }
        row.appendElement("button").attr("type", "submit").text("Search");
    }

    private static void renderResults(Element section, HelpCenter.Site site, HelpCenter.Results results) {
        if (results.results().isEmpty()) {
            section.appendElement("h2").attr("id", "results-title").text("No results for “" + results.query() + "”");
            section.appendElement("p").addClass("empty").text("Try other words, or ask us in the chat: we'll pick up your question.");
            return;
        }
        section.appendElement("h2").attr("id", "results-title").text("Results for “" + results.query() + "”");
        Element list = section.appendElement("ul").addClass("items");
        for (HelpCenter.Result r : results.results()) {
            Element li = list.appendElement("li");
            li.appendElement("a").addClass("question").attr("href", r.url()).text(r.question());
            li.appendElement("p").addClass("excerpt").text(excerpt(r.answer(), 200));
        }
    }

    /** The "ask us" block; shown by the page script once the chat is on the page (without scripts there is no chat). */
    private static void ask(Element main, String heading, String text) {
        Element ask = main.appendElement("section").addClass("ask").attr("hidden", true).attr("aria-label", heading);
        ask.appendElement("p").text(heading);
        ask.appendElement("button").attr("type", "button").attr("data-ask", text).text("Ask us in the chat");
    }

    /** Writes plain text as paragraphs with line breaks and http(s) links, all escaped by jsoup. */
    static void answer(Element into, String text) {
        for (String para : PARAGRAPHS.split(text.strip())) {
            Element p = into.appendElement("p");
            String[] lines = para.split("\n");
            for (int l = 0; l < lines.length; l++) {
                if (l > 0) {
                    p.appendElement("br");
                }
                linkify(p, lines[l]);
            }
        }
    }

    private static void linkify(Element p, String line) {
        Matcher m = LINK.matcher(line);
        int at = 0;
        while (m.find()) {
            String url = m.group().replaceAll("[.,;:!?)\\]]+$", "");
            p.appendText(line.substring(at, m.start()));
            p.appendElement("a").attr("href", url).attr("rel", "nofollow noopener").text(url);
            at = m.start() + url.length();
        }
        p.appendText(line.substring(at));
    }

    /** ItemList JSON-LD of the item pages, escaped as {@link #jsonLd}. */
    private String itemList(HelpCenter.Site site, List<FaqItem> items) {
        List<Map<String, Object>> elements = new ArrayList<>();
        for (FaqItem i : items) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("@type", "ListItem");
            e.put("position", elements.size() + 1);
            e.put("url", site.url(i));
            elements.add(e);
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("@context", "https://schema.org");
        list.put("@type", "ItemList");
        list.put("itemListElement", elements);
        return script(list);
    }

    /** FAQPage JSON-LD; {@code <}, {@code >} and {@code &} are written as JSON escapes so the script element cannot be closed. */
    private String jsonLd(List<FaqItem> items) {
        List<Map<String, Object>> questions = new ArrayList<>();
        for (FaqItem i : items) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("@type", "Answer");
            answer.put("text", i.answer());
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("@type", "Question");
            q.put("name", i.question());
            q.put("acceptedAnswer", answer);
            questions.add(q);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("@context", "https://schema.org");
        page.put("@type", "FAQPage");
        page.put("mainEntity", questions);
        return script(page);
    }

    private String script(Map<String, Object> value) {
        try {
            return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String questionsOf(HelpCenter.Site site) {
        String all = String.join(" · ", site.sections().stream().map(HelpCenter.Section::name).toList());
        return excerpt(all.isEmpty() ? "questions and answers" : all, 130);
    }

    /** @return the text on one line, cut at a word boundary to at most {@code max} characters with an ellipsis */
    static String excerpt(String text, int max) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= max) {
            return flat;
        }
        String cut = flat.substring(0, max - 1);
        int space = cut.lastIndexOf(' ');
        return (space > max / 2 ? cut.substring(0, space) : cut) + "…";
    }

    /** Sets the accent colour and readable colours derived from it ({@link Contrast#palette}, the widget's rule too). */
    private static void colors(Document d, String accent) {
        Contrast.Palette p = Contrast.palette(accent);
        d.body().attr("style", "--accent: " + p.accent() + "; --on-accent: " + p.onAccent() + "; --link: " + p.accentText());
    }
}
