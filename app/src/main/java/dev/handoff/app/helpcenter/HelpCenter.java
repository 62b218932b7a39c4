package dev.handoff.app.helpcenter;

import dev.handoff.app.automation.SettingsService;
import dev.handoff.app.knowledge.FaqCategory;
import dev.handoff.app.knowledge.FaqItem;
import dev.handoff.app.knowledge.KnowledgeService;
import dev.handoff.app.search.EmbeddingService;
import dev.handoff.app.search.FaqHit;
import dev.handoff.app.search.SearchMode;
import dev.handoff.app.store.Store;
import dev.handoff.app.store.StoreService;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A store's public help center: its published FAQ items by category (categories without a published item
 * are left out; uncategorised items come last under "More questions"), the store's name and accent colour
 * from the widget settings, and shopper search with the assistant's own hybrid retrieval
 * ({@link KnowledgeService#retrieve}). Addresses come from {@code handoff.help.url} (env
 * {@code HANDOFF_HELP_URL}, {@code {widgetKey}} replaced by the store's key; default
 * {@code <handoff.public-url>/help/{widgetKey}}, the public URL being this server's own address when unset), so the pages can be served on the store's own domain
 * behind a reverse proxy.
 *
 * <p>A store's {@link Site} is kept in memory while its fingerprint holds: the store's FAQ version (one
 * primary-key read of {@code faq_versions}, which database triggers bump in the same transaction as any
 * change to the store's items or categories), the store's name and key and its widget settings; any edit,
 * reorder, publication or rename changes it and the site is read again, so an edit is visible at once on
 * every node. The version is read before the site, so a site is never cached under a newer version than
 * the data it was built from. A thousand-item help center then costs one row read per request.
 */
@Singleton
public class HelpCenter {

    static final int MAX_QUERY = 200;

    private final StoreService stores;
    private final SettingsService settings;
    private final KnowledgeService knowledge;
    private final EmbeddingService embeddings;
    private final HelpEvents events;
    private final String configuredPublicUrl;
    private final String configuredHelpUrl;
    private final jakarta.inject.Provider<io.micronaut.runtime.server.EmbeddedServer> server;
    private final io.micronaut.data.jdbc.runtime.JdbcOperations jdbc;
    private final io.micronaut.transaction.TransactionOperations<java.sql.Connection> transactions;
    /** The last site built per store, with what it was built from; bounded (least recently used out). */
    private final Map<UUID, Cached> sites = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
            return size() > 1_000;
        }
    });

    private record Cached(String fingerprint, Site site) {
    }

    HelpCenter(StoreService stores, SettingsService settings, KnowledgeService knowledge, EmbeddingService embeddings,
               HelpEvents events, @Value("${handoff.public-url:}") String publicUrl, @Value("${handoff.help.url:}") String helpUrl,
               jakarta.inject.Provider<io.micronaut.runtime.server.EmbeddedServer> server, io.micronaut.data.jdbc.runtime.JdbcOperations jdbc,
               io.micronaut.transaction.TransactionOperations<java.sql.Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.stores = stores;
        this.settings = settings;
        this.knowledge = knowledge;
        this.embeddings = embeddings;
        this.events = events;
        this.configuredPublicUrl = publicUrl.replaceAll("/+$", "");
        this.configuredHelpUrl = helpUrl.replaceAll("/+$", "");
        this.server = server;
    }

    /** @return {@code handoff.public-url}, or the address this server listens at when it is not set */
    private String publicUrl() {
        if (!configuredPublicUrl.isEmpty()) {
            return configuredPublicUrl;
        }
        var s = server.get();
        return s.getScheme() + "://localhost:" + s.getPort();
    }

    /**
     * One store's help center as shoppers see it.
     *
     * @param store    the store
     * @param color    accent colour {@code #rrggbb} from the widget settings
     * @param chat     whether the chat widget is on (the pages then offer "ask us")
     * @param base     absolute address of the help center's home page (no trailing slash)
     * @param server   absolute address of the Handoff server (scripts)
     * @param sections categories holding a published item, by name, then "More questions"
     * @param byId     every published item with its section
     */
    public record Site(Store store, String color, boolean chat, String base, String server, List<Section> sections,
                       Map<UUID, Placed> byId) {

        /** @return the published item with this id */
        public Optional<Placed> item(UUID id) {
            return Optional.ofNullable(byId.get(id));
        }

        /** @return the absolute address of an item's page */
        public String url(FaqItem item) {
            return base + "/items/" + item.id() + "-" + slug(item.question());
        }

        /** @return the absolute address of a section's page (every question of one category) */
        public String url(Section section) {
            return base + "/categories/" + section.anchor();
        }

        /** @return the section whose {@link Section#anchor()} this is */
        public Optional<Section> section(String anchor) {
            return sections.stream().filter(s -> s.anchor().equals(anchor)).findFirst();
        }
    }

    /** @param category the category, or {@code null} for "More questions" @param name heading @param items in order */
    public record Section(@Nullable FaqCategory category, String name, List<FaqItem> items) {

        /** @return an id for the section's anchor */
        public String anchor() {
            return category == null ? "more-questions" : slug(name) + "-" + category.id().toString().substring(0, 8);
        }
    }

    /** @param item the item @param section where it is listed */
    public record Placed(FaqItem item, Section section) {
    }

    /**
     * One search result.
     *
     * @param id       item id
     * @param question the question
     * @param answer   the answer (plain text; render it as text)
     * @param category the category name, or {@code null}
     * @param url      absolute address of the item's page
     */
    @Serdeable
    public record Result(UUID id, String question, String answer, @Nullable String category, String url) {
    }

    /** @param query the query searched @param results best first (empty: nothing found, offer "ask us") */
    @Serdeable
    public record Results(String query, List<Result> results) {
    }

    /** @return the help center of the store with this widget key, or empty for an unknown key */
    public Optional<Site> site(String widgetKey) {
        return stores.findByWidgetKey(widgetKey).map(this::site);
    }

    /** @return the help center of the store with this id (its name, accent colour and address), or empty for an unknown store */
    public Optional<Site> site(UUID storeId) {
        return stores.find(storeId).map(this::site);
    }

    private Site site(Store store) {
        var widget = settings.of(store.id()).widget();
        String fingerprint = store.name() + "|" + store.widgetKey() + "|" + widget.color() + "|" + widget.enabled() + "|" + publicUrl() + "|" + configuredHelpUrl + "|"
                + transactions.executeRead(status -> faqVersion(store.id()));
        Cached cached = sites.get(store.id());
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached.site();
        }
        Site site = build(store, widget);
        sites.put(store.id(), new Cached(fingerprint, site));
        return site;
    }

    /**
     * @return the store's FAQ version ({@code faq_versions}, bumped by triggers in the same transaction as any change to
     *         its items or categories; 0 before the first): one primary-key read
     */
    private long faqVersion(UUID storeId) {
        return jdbc.prepareStatement("SELECT version FROM faq_versions WHERE store_id = ?", s -> {
            s.setObject(1, storeId);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    private Site build(Store store, dev.handoff.app.automation.WidgetSettings widget) {
        Map<UUID, FaqCategory> categories = new LinkedHashMap<>();
        knowledge.categories(store.id()).forEach(c -> categories.put(c.id(), c));
        Map<UUID, List<FaqItem>> byCategory = new LinkedHashMap<>();
        List<FaqItem> loose = new ArrayList<>();
        for (FaqItem i : knowledge.publishedItems(store.id())) {
            if (i.categoryId() != null && categories.containsKey(i.categoryId())) {
                byCategory.computeIfAbsent(i.categoryId(), k -> new ArrayList<>()).add(i);
            } else {
                loose.add(i);
            }
        }
        List<Section> sections = new ArrayList<>();
        for (FaqCategory c : categories.values()) {
            List<FaqItem> items = byCategory.get(c.id());
            if (items != null) {
                sections.add(new Section(c, c.name(), items));
            }
        }
        if (!loose.isEmpty()) {
            sections.add(new Section(null, "More questions", loose));
        }
        Map<UUID, Placed> byId = new java.util.HashMap<>();
        sections.forEach(sec -> sec.items().forEach(i -> byId.put(i.id(), new Placed(i, sec))));
        String publicUrl = publicUrl();
        String helpUrl = configuredHelpUrl.isEmpty() ? publicUrl + "/help/{widgetKey}" : configuredHelpUrl;
        String base = helpUrl.replace("{widgetKey}", java.net.URLEncoder.encode(store.widgetKey(), java.nio.charset.StandardCharsets.UTF_8));
        return new Site(store, widget.color(), Boolean.TRUE.equals(widget.enabled()), base, publicUrl, sections, byId);
    }

    /**
     * Searches the published items with the assistant's hybrid retrieval (BM25 + kNN fused by reciprocal rank),
     * keeping only results that are relevant: BM25 found the words and the cosine similarity is at least
     * the model's {@code helpKeyword} similarity, or the similarity alone is at least its {@code helpVector} ({@link EmbeddingService#similarities}). Every search
     * is recorded ({@link HelpEvents#search}); one without result joins the merchant's unanswered questions.
     *
     * @param query   the shopper's text; blank or one character finds nothing and is not recorded; cut to 200 characters
     * @param limit   1..20
     * @param session the browser's help session, or {@code null}
     */
    public Results search(Site site, String query, int limit, @Nullable String session) {
        String q = query == null ? "" : query.strip().replaceAll("\\s+", " ");
        if (q.length() > MAX_QUERY) {
            q = q.substring(0, MAX_QUERY);
        }
        if (q.length() < 2) {
            return new Results(q, List.of());
        }
        float[] vector = embeddings.embed(q);
        List<Result> out = new ArrayList<>();
        // the site holds the published items already: no database read per search
        for (FaqHit h : knowledge.hits(site.store().id(), q, vector, Math.max(1, Math.min(limit, 20)), SearchMode.hybrid)) {
            EmbeddingService.Similarities at = embeddings.similarities();
            boolean relevant = h.keywordRank() > 0 && h.similarity() >= at.helpKeyword() || h.similarity() >= at.helpVector();
            Optional<Placed> placed = site.item(h.itemId());
            if (relevant && placed.isPresent()) {
                FaqItem item = placed.get().item();
                out.add(new Result(item.id(), item.question(), item.answer(),
                        placed.get().section().category() == null ? null : placed.get().section().name(), site.url(item)));
            }
        }
        events.search(site.store().id(), q, out.size(), vector, session);
        return new Results(q, out);
    }

    /** @return the most viewed published items of the last 30 days, topped up with the first items in order, at most {@code limit} */
    public List<Result> popular(Site site, int limit) {
        List<Result> out = new ArrayList<>();
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        List<UUID> ids = new ArrayList<>(events.mostViewed(site.store().id(), limit));
        site.sections().forEach(s -> s.items().forEach(i -> ids.add(i.id())));
        for (UUID id : ids) {
            if (out.size() >= limit) {
                break;
            }
            site.item(id).filter(p -> seen.add(id)).ifPresent(p -> out.add(new Result(p.item().id(), p.item().question(),
                    p.item().answer(), p.section().category() == null ? null : p.section().name(), site.url(p.item()))));
        }
        return out;
    }

    /**
     * A readable URL part from a question: ASCII letters and digits in lower case, accents dropped, words
     * joined by dashes, at most 60 characters ("Do you ship to Canada?" gives {@code do-you-ship-to-canada}).
     */
    public static String slug(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        String s = plain.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-[^-]*$", "");
        }
        return s.isEmpty() ? "item" : s;
    }
}
