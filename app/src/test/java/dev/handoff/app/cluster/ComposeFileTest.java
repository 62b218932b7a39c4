package dev.handoff.app.cluster;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/compose.yaml} sets on the Handoff nodes only environment variables the app reads: each is
 * named by a {@code ${VAR…}} placeholder in {@code application.yml}, read with {@code System.getenv}, used by
 * the image's entry point (the Dockerfile), or is Micronaut's environment spelling of a property the app
 * reads ({@code HANDOFF_ADMIN_PASSWORD} → {@code handoff.admin.password}). Also checks the topology the
 * README promises: two nodes in cluster mode, PostgreSQL, Elasticsearch and a proxy, and an image
 * pinned by digest that runs as a non-root user with a data volume.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableSetOnTheNodesIsOneTheAppReads() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("deploy/compose.yaml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("postgres", "elasticsearch", "proxy")), services.keySet().toString());
        List<String> nodes = services.entrySet().stream().filter(e -> ((Map<String, Object>) e.getValue()).containsKey("build"))
                .map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of("handoff-1", "handoff-2"), nodes, "two Handoff nodes built from the Dockerfile");

        Set<String> envNames = new HashSet<>();
        Set<String> properties = new HashSet<>();
        String yml = Files.readString(ROOT.resolve("app/src/main/resources/application.yml"));
        collect(Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]"), yml, envNames);
        flatten("", new Yaml().load(yml), properties);
        try (Stream<Path> files = Files.walk(ROOT.resolve("app/src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String java = Files.readString(f);
                collect(Pattern.compile("getenv\\(\"([A-Z0-9_]+)\"\\)"), java, envNames);
                collect(Pattern.compile("\\$\\{([a-z][a-z0-9.\\-]*)[:}]"), java, properties);
            }
        }
        collect(Pattern.compile("\\$([A-Z][A-Z0-9_]*)"), entryPoint(), envNames);

        List<String> unknown = new ArrayList<>();
        for (String node : nodes) {
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services.get(node)).get("environment");
            assertEquals("true", String.valueOf(env.get("HANDOFF_CLUSTER")), node + " runs in cluster mode");
            for (String name : env.keySet()) {
                if (!envNames.contains(name) && spellings(name).stream().noneMatch(properties::contains)) {
                    unknown.add(node + ": " + name);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "set in deploy/compose.yaml but read nowhere: " + unknown);
    }

    @Test
    void theImageIsPinnedRunsAsAUserAndKeepsItsDataInAVolume() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(froms.size() >= 2, "multi-stage: " + froms);
        assertTrue(froms.stream().allMatch(l -> l.matches("FROM \\S+@sha256:[0-9a-f]{64}( AS \\w+)?")), "every base pinned by digest: " + froms);
        assertTrue(froms.get(froms.size() - 1).contains("17-jre"), "a Java 17 JRE runs the app: " + froms);
        assertTrue(dockerfile.lines().anyMatch(l -> l.matches("USER [1-9][0-9]*:[1-9][0-9]*")), "runs as a non-root user");
        assertTrue(dockerfile.contains("VOLUME /var/lib/handoff") && dockerfile.contains("HANDOFF_DATA_DIR=/var/lib/handoff"),
                "the data directory is the volume");
    }

    private static String entryPoint() throws IOException {
        return Files.readString(ROOT.resolve("Dockerfile")).lines().filter(l -> l.startsWith("ENTRYPOINT") || l.startsWith("CMD"))
                .reduce("", String::concat);
    }

    /** @return Micronaut's property spellings of an environment variable: each {@code _} read as {@code .} or {@code -} */
    private static List<String> spellings(String env) {
        String[] parts = env.toLowerCase().split("_");
        List<String> out = new ArrayList<>(List.of(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                next.add(prefix + "." + parts[i]);
                next.add(prefix + "-" + parts[i]);
            }
            out = next;
        }
        return out;
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else {
            into.add(prefix);
        }
    }
}
