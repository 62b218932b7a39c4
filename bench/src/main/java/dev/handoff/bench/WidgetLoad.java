package dev.handoff.bench;

import dev.handoff.app.support.Api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Widget shoppers offered open-loop (shared by {@code LoadBenchmark}, {@code ClusterLoadBenchmark} and
 * {@code ReplayBenchmark}): message {@code n} goes to conversation {@code n % conversations} at
 * {@code start + n / rate}, whether or not earlier replies have come; with a ramp of {@code T} seconds the
 * offered rate first rises linearly from 0 to {@code rate} over {@code T} (message {@code n} at
 * {@code start + sqrt(2·T·n / rate)} while {@code n < rate·T/2}) and is {@code rate} from then on. Latency runs from the scheduled send (a
 * slow POST or a backlog counts) to the assistant's reply arriving on the conversation's WebSocket, replies
 * matched in order to the conversation's sends. Sends scheduled between {@link #measure()} and {@link #stop}
 * are counted; those without a reply by the end of {@code stop}'s timeout are +inf ({@link Bench#INF}).
 */
final class WidgetLoad {

    /**
     * One conversation.
     *
     * @param postTo     the node its messages are posted to
     * @param visitor    its widget visitor
     * @param socketPort the port of the node its WebSocket is opened on
     */
    record Shopper(Api postTo, Api.Visitor visitor, int socketPort) {
    }

    /** The text of message {@code n}, sent to conversation {@code conversation}. */
    @FunctionalInterface
    interface Texts {
        String text(long n, int conversation);
    }

    /**
     * What was measured.
     *
     * @param sortedNanos latencies of the counted sends, ascending, timeouts as {@link Bench#INF}
     * @param timeouts    counted sends without a reply
     * @param refused     sends (counted or not) whose POST did not answer 201
     * @param frames      WebSocket text frames received (ready, replies, other events), for diagnosis
     */
    record Result(List<Long> sortedNanos, long timeouts, long refused, long frames) {
        /** @return how many sends were counted */
        int offered() {
            return sortedNanos.size();
        }

        /** @return {@code p50 …, p99 …} and the timeouts, for a report line */
        String summary() {
            return String.format("%d offered, p50 %s, p90 %s, p99 %s, max %s, no reply %d, POSTs refused %d", offered(),
                    Bench.percentile(sortedNanos, 0.5), Bench.percentile(sortedNanos, 0.9), Bench.percentile(sortedNanos, 0.99),
                    Bench.percentile(sortedNanos, 1.0), timeouts, refused);
        }
    }

    private final List<Shopper> shoppers;
    /** Per conversation, the scheduled send times awaiting a reply: {scheduled nanos, counted 1|0}. */
    private final List<Deque<long[]>> pending = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService senders = Executors.newFixedThreadPool(64);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final Thread scheduler;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile boolean stopped;

    private WidgetLoad(List<Shopper> shoppers, int rate, int rampSeconds, Texts texts) throws InterruptedException {
        this.shoppers = shoppers;
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch ready = new CountDownLatch(shoppers.size());
        for (Shopper s : shoppers) {
            Deque<long[]> waiting = new ArrayDeque<>();
            pending.add(waiting);
            sockets.add(connect(http, s, waiting, ready));
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            System.out.printf("  only %d of %d WebSockets said ready within 60 s%n", shoppers.size() - ready.getCount(), shoppers.size());
        }
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime() + 100_000_000L;
        long ramped = (long) rate * rampSeconds / 2; // messages sent while the rate rises
        scheduler = new Thread(() -> {
            try {
                for (long n = 0; !stopped; n++) {
                    long at = n < ramped ? start + (long) (Math.sqrt(2.0 * rampSeconds * n / rate) * 1e9)
                            : start + rampSeconds * 1_000_000_000L + (n - ramped) * interval;
                    long wait = at - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (stopped) {
                        break;
                    }
                    int c = (int) (n % shoppers.size());
                    Shopper s = shoppers.get(c);
                    Deque<long[]> waiting = pending.get(c);
                    synchronized (waiting) {
                        waiting.add(new long[]{at, at >= measureFrom ? 1 : 0});
                    }
                    String text = texts.text(n, c);
                    senders.execute(() -> {
                        if (s.postTo().say(s.visitor(), text).status() != 201) {
                            refused.incrementAndGet();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "widget-load");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    /** Opens every shopper's WebSocket (waiting up to 60 s for each to say ready), then starts sending {@code rate} messages a second in all. */
    static WidgetLoad start(List<Shopper> shoppers, int rate, Texts texts) throws InterruptedException {
        return new WidgetLoad(shoppers, rate, 0, texts);
    }

    /** As {@link #start(List, int, Texts)}, the rate rising from 0 to {@code rate} over the first {@code rampSeconds}. */
    static WidgetLoad start(List<Shopper> shoppers, int rate, int rampSeconds, Texts texts) throws InterruptedException {
        return new WidgetLoad(shoppers, rate, rampSeconds, texts);
    }

    /** Counts the sends scheduled from now on (before: warm-up). */
    void measure() {
        measureFrom = System.nanoTime();
    }

    /** Stops sending, waits up to {@code timeoutSeconds} for the counted replies, closes the sockets. */
    Result stop(int timeoutSeconds) throws InterruptedException {
        stopped = true;
        scheduler.join();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && counted() > 0) {
            Thread.sleep(50);
        }
        long timeouts = counted();
        senders.shutdownNow();
        sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        for (long i = 0; i < timeouts; i++) {
            sorted.add(Bench.INF);
        }
        Collections.sort(sorted);
        return new Result(sorted, timeouts, refused.get(), frames.get());
    }

    /** @return counted sends still awaiting a reply */
    private long counted() {
        long n = 0;
        for (Deque<long[]> waiting : pending) {
            synchronized (waiting) {
                n += waiting.stream().filter(p -> p[1] == 1).count();
            }
        }
        return n;
    }

    private WebSocket connect(HttpClient http, Shopper s, Deque<long[]> waiting, CountDownLatch ready) {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + s.socketPort() + "/ws/widget/conversations/"
                + s.visitor().conversationId() + "?token=" + s.visitor().token()), new WebSocket.Listener() {
                    private final StringBuilder buffer = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            String text = buffer.toString();
                            buffer.setLength(0);
                            frames.incrementAndGet();
                            if (text.contains("\"type\":\"ready\"")) {
                                ready.countDown();
                            } else if (text.contains("\"author\":\"assistant\"")) {
                                long now = System.nanoTime();
                                long[] oldest;
                                synchronized (waiting) {
                                    oldest = waiting.poll();
                                }
                                if (oldest != null && oldest[1] == 1) {
                                    latencies.add(now - oldest[0]);
                                }
                            }
                        }
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).join();
    }
}
