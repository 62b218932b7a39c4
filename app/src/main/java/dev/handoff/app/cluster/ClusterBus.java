package dev.handoff.app.cluster;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events between the nodes of a cluster through PostgreSQL {@code LISTEN/NOTIFY}
 * (postgresql.org/docs/current/sql-notify.html) on the channel {@value #CHANNEL}. A payload carries
 * ids only ({@code origin;kind;seq;xid;id,id,…}); each node reads what it needs for its own clients.
 * A node delivers its own events to its own clients directly and ignores their echo.
 *
 * <p><b>Durable events</b> ({@link #publish}: a new message) are also written to {@code cluster_events}
 * in the caller's transaction; NOTIFY is transactional too, so both exist exactly when the change
 * committed. One thread per node holds a connection of its own that LISTENs; every second it records
 * the oldest transaction id still running ({@code pg_snapshot_xmin(pg_current_snapshot())}) after having
 * read every notification committed before it. When that connection drops, the thread reconnects,
 * LISTENs again, then replays the logged events at or above that watermark that it has not delivered
 * yet (it remembers the sequence numbers it delivered above the watermark): nothing committed while it
 * was away is lost, and nothing is delivered twice. Events are kept an hour.
 *
 * <p><b>Live events</b> ({@link #announce}: typing, read receipts, cache invalidations) are only
 * notified (at commit when called in a transaction, at once otherwise); after a gap {@link ClusterListener#onResync}
 * tells listeners to forget caches and have clients re-read.
 *
 * <p>Off unless {@code handoff.cluster.enabled}: one node then needs none of this, and every method is a no-op.
 */
@Singleton
public class ClusterBus {

    /** The NOTIFY channel. */
    public static final String CHANNEL = "handoff_cluster";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBus.class);
    private static final long WATERMARK_EVERY_MS = 1000;
    private static final long PRUNE_EVERY_MS = 60_000;

    private final ClusterSettings settings;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final BeanProvider<ClusterListener> listenerBeans;
    private final String url;
    private final String username;
    private final String password;
    private volatile Map<String, List<ClusterListener>> listeners;
    private final Map<Long, Long> deliveredAboveWatermark = new HashMap<>();
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private volatile boolean stopped;
    private volatile Connection listening;
    private Thread thread;
    private long watermark = -1;

    ClusterBus(ClusterSettings settings, JdbcOperations jdbc, TransactionOperations<Connection> transactions,
               BeanProvider<ClusterListener> listenerBeans,
               @Value("${datasources.default.url}") String url,
               @Value("${datasources.default.username:postgres}") String username,
               @Value("${datasources.default.password:}") String password) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.listenerBeans = listenerBeans;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** @return whether cluster mode is on */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * @return whether this node hears the other nodes right now (always true on a single node); while
     *         false, caches are bypassed
     */
    public boolean connected() {
        return !settings.enabled() || connected;
    }

    /**
     * Logs a durable event and notifies it, in the caller's transaction (joined; one is opened when
     * there is none). Other nodes receive it once the transaction commits, exactly once each.
     *
     * @param kind event kind
     * @param ids  ids only (UUIDs, numbers)
     */
    public void publish(String kind, Object... ids) {
        if (!settings.enabled()) {
            return;
        }
        String joined = join(ids);
        transactions.executeWrite(status -> jdbc.prepareStatement(
                "WITH e AS (INSERT INTO cluster_events (origin, kind, ids) VALUES (?, ?, ?) RETURNING id, xid) "
                        + "SELECT pg_notify(?, ? || ';' || ? || ';' || e.id || ';' || e.xid || ';' || ?) FROM e", s -> {
                    s.setString(1, settings.nodeId());
                    s.setString(2, kind);
                    s.setString(3, joined);
                    s.setString(4, CHANNEL);
                    s.setString(5, settings.nodeId());
                    s.setString(6, kind);
                    s.setString(7, joined);
                    s.execute();
                    return null;
                }));
    }

    /**
     * Notifies a live-only event: at commit inside a transaction, at once outside one. Not replayed
     * after a dropped connection.
     */
    public void announce(String kind, Object... ids) {
        if (!settings.enabled()) {
            return;
        }
        String payload = settings.nodeId() + ";" + kind + ";;;" + join(ids);
        try {
            transactions.executeWrite(status -> jdbc.prepareStatement("SELECT pg_notify(?, ?)", s -> {
                s.setString(1, CHANNEL);
                s.setString(2, payload);
                s.execute();
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warn("Could not announce {} to the other nodes: {}", kind, e.toString());
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        thread = new Thread(this::run, "cluster-bus");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!connected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!connected) {
            LOG.warn("Not listening to the other nodes yet ({} on {}); retrying in the background", CHANNEL, url);
        }
    }

    private void run() {
        long backoff = 100;
        boolean first = true;
        while (!stopped) {
            try (Connection c = connect()) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    catchUp(c);
                }
                advanceWatermark(c);
                connected = true;
                if (!first) {
                    LOG.info("Listening to the other nodes again");
                    listeners().values().stream().flatMap(List::stream).distinct().forEach(l -> {
                        try {
                            l.onResync();
                        } catch (RuntimeException e) {
                            LOG.warn("{} failed to resync: {}", l.getClass().getSimpleName(), e.toString());
                        }
                    });
                }
                first = false;
                backoff = 100;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                if (connected || backoff == 100) {
                    LOG.warn("Lost the connection to the other nodes ({}); reconnecting", e.toString());
                }
            } finally {
                connected = false;
                listening = null;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", username);
        p.setProperty("password", password == null ? "" : password);
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("socketTimeout", "15");
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "handoff-cluster-bus " + settings.nodeId());
        Connection c = DriverManager.getConnection(url, p);
        c.setAutoCommit(true);
        return c;
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastWatermark = System.currentTimeMillis();
        long lastPrune = 0;
        while (!stopped) {
            PGNotification[] batch = pg.getNotifications(250);
            handle(batch);
            long now = System.currentTimeMillis();
            if (now - lastWatermark >= WATERMARK_EVERY_MS) {
                advanceWatermark(c);
                lastWatermark = now;
            }
            if (now - lastPrune >= PRUNE_EVERY_MS) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM cluster_events WHERE created_at < now() - interval '1 hour'");
                }
                lastPrune = now;
            }
        }
    }

    /** Reads the oldest running transaction id, then everything notified before it; only then is it the watermark. */
    private void advanceWatermark(Connection c) throws SQLException {
        long xmin;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
            r.next();
            xmin = r.getLong(1);
        }
        handle(c.unwrap(PGConnection.class).getNotifications());
        watermark = xmin;
        deliveredAboveWatermark.values().removeIf(xid -> xid < xmin);
    }

    private void catchUp(Connection c) throws SQLException {
        if (watermark < 0) {
            return;
        }
        int replayed = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, xid, origin, kind, ids FROM cluster_events WHERE xid >= ? AND origin <> ? ORDER BY id")) {
            s.setLong(1, watermark);
            s.setString(2, settings.nodeId());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (deliver(r.getLong(1), r.getLong(2), new ClusterEvent(r.getString(4), split(r.getString(5)), r.getString(3)))) {
                        replayed++;
                    }
                }
            }
        }
        if (replayed > 0) {
            LOG.info("Replayed {} events committed while out of touch with the other nodes", replayed);
        }
    }

    private void handle(PGNotification[] batch) {
        if (batch == null) {
            return;
        }
        for (PGNotification n : batch) {
            String[] f = n.getParameter().split(";", 5);
            if (f.length < 5 || f[0].equals(settings.nodeId())) {
                continue;
            }
            ClusterEvent event = new ClusterEvent(f[1], split(f[4]), f[0]);
            if (f[2].isEmpty()) {
                dispatch(event);
            } else {
                deliver(Long.parseLong(f[2]), Long.parseLong(f[3]), event);
            }
        }
    }

    /** @return whether it was delivered now (false: already delivered) */
    private boolean deliver(long seq, long xid, ClusterEvent event) {
        if (xid >= watermark && deliveredAboveWatermark.containsKey(seq)) {
            return false;
        }
        deliveredAboveWatermark.put(seq, xid);
        dispatch(event);
        return true;
    }

    private void dispatch(ClusterEvent event) {
        delivered.merge(event.kind(), 1L, Long::sum);
        for (ClusterListener l : listeners().getOrDefault(event.kind(), List.of())) {
            try {
                l.onClusterEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("{} failed on {} {}: {}", l.getClass().getSimpleName(), event.kind(), event.ids(), e.toString());
            }
        }
    }

    /** @return how many events of each kind this node received from the others since it started */
    public Map<String, Long> received() {
        return Map.copyOf(delivered);
    }

    private Map<String, List<ClusterListener>> listeners() {
        Map<String, List<ClusterListener>> l = listeners;
        if (l == null) {
            Map<String, List<ClusterListener>> byKind = new HashMap<>();
            listenerBeans.stream().forEach(b -> b.kinds().forEach(k -> byKind.computeIfAbsent(k, x -> new ArrayList<>()).add(b)));
            listeners = l = byKind;
        }
        return l;
    }

    private static String join(Object[] ids) {
        StringBuilder b = new StringBuilder();
        for (Object id : ids) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(id);
        }
        return b.toString();
    }

    private static List<String> split(String ids) {
        return ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                Connection c = listening;
                if (c != null) {
                    c.close();
                }
                t.join(2000);
            } catch (SQLException | InterruptedException e) {
                LOG.debug("Cluster bus stop: {}", e.toString());
            }
        }
    }
}
