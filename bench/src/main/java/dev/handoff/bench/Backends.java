package dev.handoff.bench;

import dev.handoff.app.support.ElasticsearchNode;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The search backend a benchmark runs on: {@code -Dbackend=lucene} (default) or
 * {@code -Dbackend=elasticsearch}, which starts a real one-node Elasticsearch from the Maven
 * distribution (see {@link ElasticsearchNode}).
 */
final class Backends {

    private Backends() {
    }

    /** @return {@code lucene} or {@code elasticsearch} */
    static String name() {
        return System.getProperty("backend", "lucene");
    }

    /** @return the app configuration for the chosen backend, merged over {@code base} */
    static Map<String, Object> overrides(Map<String, Object> base) {
        Map<String, Object> out = new HashMap<>(base);
        if (name().equals("elasticsearch")) {
            out.put("handoff.search.backend", "elasticsearch");
            out.put("handoff.search.elasticsearch.url", ElasticsearchNode.url());
            out.put("handoff.search.elasticsearch.index-prefix", "bench" + UUID.randomUUID().toString().substring(0, 8));
        } else if (!name().equals("lucene")) {
            throw new IllegalArgumentException("-Dbackend must be lucene or elasticsearch");
        }
        return out;
    }
}
