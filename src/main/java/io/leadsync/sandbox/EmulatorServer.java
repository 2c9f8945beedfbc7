package io.leadsync.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every emulator shares: a loopback HTTP server, a route table of path templates, per-endpoint
 * call counts, fault injection and a small control API under {@code /_sandbox/} for tests and tools:
 * <ul>
 *   <li>{@code GET /_sandbox/calls} counts per endpoint, {@code DELETE /_sandbox/calls} resets them;</li>
 *   <li>{@code POST /_sandbox/faults} {@code {"fault":"BAD_GATEWAY_502","count":2,"endpoint":"POST /1/cards"}}
 *       (any {@link Fault}: statuses, delays, dropped or lost answers, malformed JSON, an HTML page with 200);</li>
 *   <li>{@code POST /_sandbox/faults/random} {@code {"rate":0.1,"seed":7,"kinds":["RATE_LIMIT"]}};</li>
 *   <li>{@code GET /_sandbox/faults} faults injected so far, {@code DELETE /_sandbox/faults} clears the plan;</li>
 *   <li>{@code GET /_sandbox/requests} the last requests acted on, with when each arrived and when it read or
 *       changed the state; {@code GET /_sandbox/late-writes} the writes among them a {@link Fault#DELAY} held
 *       back (a client that gave up meanwhile may not expect them to land at all).</li>
 *   <li>webhook deliveries ({@link WebhookOutbox}): {@code POST /_sandbox/delivery-faults}
 *       {@code {"fault":"DROP","count":1,"webhook":"<id or prefix>"}} (any {@link DeliveryFault}; optional
 *       {@code "delayMillis"} sets how long DELAY holds one back), {@code POST /_sandbox/delivery-faults/random}
 *       {@code {"rate":0.1,"seed":7,"kinds":["DUPLICATE"]}}, {@code GET /_sandbox/delivery-faults} those injected so
 *       far, {@code DELETE /_sandbox/delivery-faults} clears the plan; {@code GET /_sandbox/deliveries} the journal of
 *       what was sent (each attempt with its answer), dropped, duplicated, delayed or reordered,
 *       {@code DELETE /_sandbox/deliveries} empties it.</li>
 * </ul>
 * Subclasses register the service's routes and say how it authenticates, limits and fails.
 */
public abstract class EmulatorServer implements AutoCloseable {

    /** Handles one request while the emulator's state lock is held. */
    @FunctionalInterface
    protected interface Handler extends Function<Request, Response> {
    }

    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);
    protected final ObjectMapper json = new ObjectMapper();
    protected final Clock clock;
    private static final int JOURNAL_SIZE = 50_000;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final FaultPlan<Fault> faults = new FaultPlan<>(Fault.values());
    private final WebhookOutbox deliveries = new WebhookOutbox(r -> DaemonThreads.named(name() + "-webhooks").newThread(r));
    private final Object stateLock = new Object();
    private volatile long delayFaultMillis = 35_000;
    private volatile boolean rateLimits = true;
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Deque<Handled> journal = new ArrayDeque<>();

    /**
     * A request the service acted on: when it arrived and when it read or changed the state (epoch ms, stamped
     * under the state lock, so ordered with every other change), and whether a {@link Fault#DELAY} held it back.
     */
    public record Handled(String endpoint, String method, String path, String query, String body, long arrivedAt,
                          long handledAt, boolean delayed) {

        /** Whether its path, query or body names the id (a record, card or task id). */
        public boolean concerns(String id) {
            return path.contains(id) || query.contains(id) || body.contains(id);
        }
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer to a request with a
        // body waits out the client's delayed ACK (~40 ms), which caps an emulator at ~25 writes/s per connection.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private HttpServer server;
    private ExecutorService executor;
    private volatile StateFile stateFile;
    private ScheduledExecutorService saver;

    protected EmulatorServer(Clock clock) {
        this.clock = clock;
    }

    /** Registers a route; {@code {name}} segments become path parameters. A trailing slash is tolerated. */
    protected final void route(String method, String template, Handler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?");
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), names, handler));
    }

    /** The emulator's data as one JSON document (called under the state lock), for {@link #persistIn(Path)}. */
    protected abstract JsonNode saveState();

    /** Replaces the emulator's data with a document {@link #saveState()} made (called under the state lock). */
    protected abstract void loadState(JsonNode saved);

    /**
     * Keeps the emulator's data in {@code file}: loads it when it exists (returns whether it did), then saves
     * after every write request before answering it (so a client never holds an id the file does not), every
     * second when a change came through the Java API, and on {@link #close()}. Off unless called.
     */
    public final boolean persistIn(Path file) {
        StateFile state = new StateFile(file);
        JsonNode saved = state.load();
        if (saved != null) {
            try {
                withState(() -> {
                    loadState(saved);
                    return null;
                });
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot load the saved sandbox " + state.path() + " (" + e
                        + "); start with leadsync.sandbox.reset=true to start the sandbox afresh", e);
            }
        }
        stateFile = state;
        save();
        saver = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name() + "-emulator-save"));
        saver.scheduleWithFixedDelay(this::saveQuietly, 1, 1, TimeUnit.SECONDS);
        return saved != null;
    }

    /** Saves now (a no-op without {@link #persistIn(Path)}); one save at a time, so a newer one is never undone. */
    public final void save() {
        StateFile state = stateFile;
        if (state == null) {
            return;
        }
        synchronized (state) {
            byte[] content = withState(() -> {
                try {
                    return json.writeValueAsBytes(saveState());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            state.save(content);
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (RuntimeException e) {
            LOG.warn("{} emulator: {} (tried again in a second)", name(), e.getMessage());
        }
    }

    /** Null when the request carries valid credentials, else the service's 401 answer. */
    protected abstract Response authenticate(Request request);

    /** Null when the request is within the rate limit, else the service's 429 answer. */
    protected abstract Response rateLimit(Request request);

    /** The service's answer for a 429/5xx fault. */
    protected abstract Response faultResponse(Fault fault, Request request);

    /** The service's answer for a path or method it does not know. */
    protected abstract Response unknownRoute(Request request);

    /** The service's answer for a body that is not valid JSON. */
    protected abstract Response malformedBody(Request request, String reason);

    public final synchronized EmulatorServer start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (java.net.BindException e) {
            throw new PortInUseException(name(), port, e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name() + " emulator on 127.0.0.1:" + port
                    + " (" + e.getMessage() + "); choose another port", e);
        }
        executor = Executors.newCachedThreadPool(DaemonThreads.named(name() + "-emulator"));
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    public final int port() {
        return server.getAddress().getPort();
    }

    public final String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Short service name for thread names and messages. */
    public abstract String name();

    public final FaultPlan<Fault> faults() {
        return faults;
    }

    /** Where the service's webhook deliveries go out: their faults ({@link WebhookOutbox#faults()}) and journal. */
    public final WebhookOutbox deliveries() {
        return deliveries;
    }

    /** How long a {@link Fault#DELAY} holds the answer back. */
    public final void delayFaultMillis(long millis) {
        this.delayFaultMillis = millis;
    }

    /** Calls per endpoint key ("GET /1/boards/{id}/cards"), sorted. */
    public final Map<String, Integer> calls() {
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public final int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Calls to endpoints whose key starts with the prefix ("POST", "PATCH /v0"). */
    public final int calls(String endpointPrefix) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(endpointPrefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    public final void resetCalls() {
        calls.clear();
        answers.clear();
    }

    /** The last {@value #JOURNAL_SIZE} requests the service acted on, in the order it acted on them. */
    public final List<Handled> handled() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /** The writes among them that a {@link Fault#DELAY} held back: a client that gave up may not expect them. */
    public final List<Handled> lateWrites() {
        return handled().stream().filter(h -> h.delayed() && !"GET".equals(h.method())).toList();
    }

    /**
     * Answers with this HTTP status sent since the start (or the last {@link #resetCalls()}), whatever the
     * reason: {@code answers(429)} counts rate limiting and injected 429 faults alike.
     */
    public final int answers(int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    /** Turns the service's rate limits off (a benchmark's set-up phase) and on again; on by default. */
    public final void rateLimits(boolean enforced) {
        this.rateLimits = enforced;
    }

    /** Runs an action on the emulator's state under the same lock as requests (for seeding and simulated users). */
    public final <T> T withState(Supplier<T> action) {
        synchronized (stateLock) {
            return action.get();
        }
    }

    @Override
    public synchronized void close() {
        deliveries.close();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        if (saver != null) {
            saver.shutdown(); // a save under way finishes (an interrupt would cut its file write short)
            try {
                saver.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            saver = null;
            save();
        }
    }

    private void record(Handled handled) {
        synchronized (journal) {
            journal.addLast(handled);
            if (journal.size() > JOURNAL_SIZE) {
                journal.removeFirst();
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrivedAt = System.currentTimeMillis();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        try (exchange) {
            Request request = read(exchange);
            if (request.path().startsWith("/_sandbox/")) {
                send(exchange, control(request));
                return;
            }
            Route route = null;
            Map<String, String> params = new LinkedHashMap<>();
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.pattern().matcher(request.path());
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(request.method())) {
                        route = r;
                        for (int i = 0; i < r.names().size(); i++) {
                            params.put(r.names().get(i), m.group(i + 1));
                        }
                        break;
                    }
                }
            }
            String endpoint = route == null ? request.method() + " (unknown)" : route.method() + " " + route.template();
            calls.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
            Request bound = new Request(request.method(), request.path(), params, request.query(),
                    request.headers(), request.body());
            Response denied = authenticate(bound);
            if (denied != null) {
                send(exchange, denied);
                return;
            }
            Response limited = rateLimits ? rateLimit(bound) : null;
            if (limited != null) {
                send(exchange, limited);
                return;
            }
            Fault fault = faults.next(endpoint);
            if (fault != null && fault.httpStatus() > 0) {
                send(exchange, faultResponse(fault, bound));
                return;
            }
            if (fault == Fault.DROP_CONNECTION) {
                return; // closing without response headers drops the connection
            }
            if (fault == Fault.HTML_200) {
                send(exchange, Response.html(200, "<!DOCTYPE html>\n<html><head><title>Service unavailable</title>"
                        + "</head><body><h1>We'll be right back</h1><p>The service is down for maintenance.</p>"
                        + "</body></html>\n"));
                return;
            }
            if (fault == Fault.DELAY) {
                sleep(delayFaultMillis);
            }
            Response response;
            if (route == null) {
                response = unknownRoute(bound);
            } else {
                Route chosen = route;
                String query = rawQuery == null ? "" : rawQuery;
                try {
                    response = withState(() -> {
                        Response answer = chosen.handler().apply(bound);
                        record(new Handled(endpoint, request.method(), request.path(), query, new String(request.body(),
                                StandardCharsets.UTF_8), arrivedAt, System.currentTimeMillis(),
                                fault == Fault.DELAY));
                        return answer;
                    });
                } catch (Request.MalformedBodyException e) {
                    response = malformedBody(bound, e.getMessage());
                }
            }
            if (!"GET".equals(request.method())) {
                save();
            }
            if (fault == Fault.LOSE_RESPONSE) {
                return; // state changed, answer lost
            }
            if (fault == Fault.MALFORMED_JSON) {
                response = new Response(response.status(), response.contentType(),
                        Arrays.copyOf(response.body(), response.body().length / 2), response.headers());
            }
            send(exchange, response);
        } catch (RuntimeException e) {
            send(exchange, Response.text(500, "emulator failure: " + e));
        }
    }

    private Response control(Request request) {
        String p = request.path().replaceAll("/+$", "");
        switch (request.method() + " " + p) {
            case "GET /_sandbox/calls":
                return Response.json(200, calls());
            case "DELETE /_sandbox/calls":
                resetCalls();
                return Response.json(200, Map.of());
            case "GET /_sandbox/faults":
                return Response.json(200, faults.injected());
            case "GET /_sandbox/late-writes":
                return Response.json(200, lateWrites());
            case "GET /_sandbox/requests":
                return Response.json(200, handled());
            case "DELETE /_sandbox/faults":
                faults.clear();
                return Response.json(200, Map.of());
            case "POST /_sandbox/faults": {
                JsonNode body = request.jsonBody();
                faults.inject(Fault.valueOf(body.path("fault").asText()), body.path("count").asInt(1),
                        body.hasNonNull("endpoint") ? body.get("endpoint").asText() : null);
                return Response.json(200, Map.of());
            }
            case "POST /_sandbox/faults/random": {
                JsonNode body = request.jsonBody();
                List<Fault> kinds = new ArrayList<>();
                body.path("kinds").forEach(k -> kinds.add(Fault.valueOf(k.asText())));
                faults.randomly(body.path("rate").asDouble(), body.path("seed").asLong(), kinds.toArray(Fault[]::new));
                return Response.json(200, Map.of());
            }
            case "GET /_sandbox/deliveries":
                return Response.json(200, deliveries.journal());
            case "DELETE /_sandbox/deliveries":
                deliveries.clearJournal();
                return Response.json(200, Map.of());
            case "GET /_sandbox/delivery-faults":
                return Response.json(200, deliveries.faults().injected());
            case "DELETE /_sandbox/delivery-faults":
                deliveries.faults().clear();
                return Response.json(200, Map.of());
            case "POST /_sandbox/delivery-faults": {
                JsonNode body = request.jsonBody();
                if (body.hasNonNull("delayMillis")) {
                    deliveries.delayFaultMillis(body.get("delayMillis").asLong());
                }
                deliveries.faults().inject(DeliveryFault.valueOf(body.path("fault").asText()), body.path("count").asInt(1),
                        body.hasNonNull("webhook") ? body.get("webhook").asText() : null);
                return Response.json(200, Map.of());
            }
            case "POST /_sandbox/delivery-faults/random": {
                JsonNode body = request.jsonBody();
                List<DeliveryFault> kinds = new ArrayList<>();
                body.path("kinds").forEach(k -> kinds.add(DeliveryFault.valueOf(k.asText())));
                deliveries.faults().randomly(body.path("rate").asDouble(), body.path("seed").asLong(),
                        kinds.toArray(DeliveryFault[]::new));
                return Response.json(200, Map.of());
            }
            default:
                return Response.json(404, Map.of("error", "unknown control endpoint"));
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
        return new Request(exchange.getRequestMethod(), path, Map.of(),
                Request.parseForm(exchange.getRequestURI().getRawQuery()), headers,
                exchange.getRequestBody().readAllBytes());
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        answers.computeIfAbsent(response.status(), k -> new AtomicInteger()).incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
