package dev.handoff.app.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Elasticsearch connection and the index lifecycle: every kind of document ({@code faq},
 * {@code conversations}) lives in a versioned index {@code <prefix>-<kind>-v<n>} behind the alias
 * {@code <prefix>-<kind>}, which is what reads and writes address. The first use creates
 * {@code -v1} with the mapping {@code search/elasticsearch-<kind>.json}; a rebuild creates the next
 * version and swaps the alias in one atomic {@code _aliases} call.
 *
 * <p>Configuration: {@code handoff.search.elasticsearch.url} ({@code ELASTICSEARCH_URL}), an optional
 * {@code api-key} ({@code ELASTICSEARCH_API_KEY}) or {@code username}/{@code password}
 * ({@code ELASTICSEARCH_USERNAME}/{@code ELASTICSEARCH_PASSWORD}), {@code index-prefix} (default
 * {@code handoff}), {@code connect-timeout} (2 s) and {@code socket-timeout} (10 s).
 */
@Singleton
@Requires(property = "handoff.search.backend", value = "elasticsearch")
public class ElasticsearchIndices {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchIndices.class);

    private final ElasticsearchClient client;
    private final String prefix;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    /** The index each running rebuild fills, by kind. */
    private final Map<String, String> building = new ConcurrentHashMap<>();

    ElasticsearchIndices(@Value("${handoff.search.elasticsearch.url}") String url,
                         @Value("${handoff.search.elasticsearch.api-key:}") String apiKey,
                         @Value("${handoff.search.elasticsearch.username:}") String username,
                         @Value("${handoff.search.elasticsearch.password:}") String password,
                         @Value("${handoff.search.elasticsearch.index-prefix:handoff}") String prefix,
                         @Value("${handoff.search.elasticsearch.connect-timeout:2s}") Duration connectTimeout,
                         @Value("${handoff.search.elasticsearch.socket-timeout:10s}") Duration socketTimeout) {
        this.prefix = prefix;
        List<Header> headers = new ArrayList<>();
        if (!apiKey.isBlank()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + apiKey));
        } else if (!username.isBlank()) {
            String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + basic));
        }
        RestClient rest = RestClient.builder(HttpHost.create(url))
                .setDefaultHeaders(headers.toArray(Header[]::new))
                .setRequestConfigCallback(r -> r.setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis()))
                .build();
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    /** @return the cluster's health status ({@code green|yellow|red}); throws when the cluster does not answer */
    String clusterStatus() throws java.io.IOException {
        return client.cluster().health(h -> h.timeout(t -> t.time("2s"))).status().jsonValue();
    }

    /** @return the client */
    ElasticsearchClient client() {
        return client;
    }

    /** @return the alias reads and writes of {@code kind} address */
    String alias(String kind) {
        return prefix + "-" + kind;
    }

    /** Creates {@code <alias>-v1} with its alias unless the alias exists (once per process, retried after failures). */
    void ensure(String kind) {
        if (ensured.contains(kind)) {
            return;
        }
        call("create the " + kind + " index", () -> {
            String alias = alias(kind);
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                String index = alias + "-v" + (latestVersion(kind) + 1);
                create(kind, index, true);
                LOG.info("Elasticsearch: created index {} behind alias {}", index, alias);
            }
            ensured.add(kind);
            return null;
        });
    }

    /**
     * Starts a rebuild: creates a new, empty index of the next version, not yet behind the alias.
     *
     * @return its name
     * @throws IllegalStateException when a rebuild of {@code kind} is already running
     */
    synchronized String startRebuild(String kind) {
        ensure(kind);
        if (building.containsKey(kind)) {
            throw new IllegalStateException("A rebuild of the " + kind + " index is already running");
        }
        String index = call("create a new " + kind + " index", () -> {
            String next = alias(kind) + "-v" + (latestVersion(kind) + 1);
            create(kind, next, false);
            return next;
        });
        building.put(kind, index);
        return index;
    }

    /** @return the index a running rebuild of {@code kind} fills (writes go there too), or {@code null} */
    String building(String kind) {
        return building.get(kind);
    }

    /** Ends the rebuild of {@code kind}. */
    void endRebuild(String kind) {
        building.remove(kind);
    }

    /** Points the alias at {@code index} alone in one atomic call, then deletes the indices it pointed at before. */
    void swap(String kind, String index) {
        call("swap the " + kind + " alias", () -> {
            String alias = alias(kind);
            client.indices().refresh(r -> r.index(index));
            GetAliasResponse current = client.indices().getAlias(g -> g.name(alias));
            List<String> old = current.result().keySet().stream().filter(i -> !i.equals(index)).toList();
            client.indices().updateAliases(u -> {
                old.forEach(i -> u.actions(a -> a.remove(r -> r.index(i).alias(alias))));
                return u.actions(a -> a.add(ad -> ad.index(index).alias(alias)));
            });
            for (String i : old) {
                client.indices().delete(d -> d.index(i));
            }
            LOG.info("Elasticsearch: alias {} now points at {}; deleted {}", alias, index, old);
            return null;
        });
    }

    /**
     * Indexes documents in one bulk request.
     *
     * @param index     index or alias
     * @param documents documents by id
     * @throws SearchUnavailableException when the request or any document fails
     */
    void bulkIndex(String index, Map<String, Map<String, Object>> documents) {
        if (documents.isEmpty()) {
            return;
        }
        BulkResponse response = call("bulk-index into " + index, () -> client.bulk(b -> {
            documents.forEach((id, doc) -> b.operations(o -> o.index(i -> i.index(index).id(id).document(doc))));
            return b;
        }));
        if (response.errors()) {
            String first = response.items().stream().filter(i -> i.error() != null).findFirst()
                    .map(i -> i.id() + ": " + i.error().reason()).orElse("");
            throw new SearchUnavailableException("Elasticsearch: bulk indexing into " + index + " failed for " + first, null);
        }
    }

    /** Deletes an index that never went live (an abandoned rebuild). */
    void delete(String index) {
        call("delete " + index, () -> client.indices().delete(d -> d.index(index).ignoreUnavailable(true)));
    }

    /**
     * Runs one request, turning every failure (connection refused, timeout, an error answer) into a
     * {@link SearchUnavailableException} that names what was being done.
     */
    <T> T call(String what, Request<T> request) {
        try {
            return request.run();
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("Elasticsearch: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** One call to Elasticsearch. @param <T> its answer */
    @FunctionalInterface
    interface Request<T> {
        T run() throws IOException;
    }

    private int latestVersion(String kind) throws IOException {
        String alias = alias(kind);
        Pattern version = Pattern.compile(Pattern.quote(alias) + "-v(\\d+)");
        int latest = 0;
        for (String index : client.indices().get(g -> g.index(alias + "-v*").allowNoIndices(true)).result().keySet()) {
            Matcher m = version.matcher(index);
            if (m.matches()) {
                latest = Math.max(latest, Integer.parseInt(m.group(1)));
            }
        }
        return latest;
    }

    private void create(String kind, String index, boolean withAlias) throws IOException {
        try (InputStream in = ElasticsearchIndices.class.getResourceAsStream("/search/elasticsearch-" + kind + ".json");
             Reader mapping = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            client.indices().create(c -> {
                c.withJson(mapping).index(index);
                return withAlias ? c.aliases(alias(kind), a -> a) : c;
            });
        }
    }

    @PreDestroy
    void close() throws IOException {
        client._transport().close();
    }
}
