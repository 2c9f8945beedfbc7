package io.leadsync.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback for the emulator tests: answers HEAD with 200, records every POST (body and
 * headers) and answers it with the status set (200 unless told otherwise), after a pause when told to be slow.
 */
public final class RecordingCallback implements AutoCloseable {

    /** A POST as it arrived: the exact body and the first value of each header (names in lower case). */
    public record Received(String body, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("test-webhook-receiver"));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long answerAfterMillis;

    public RecordingCallback() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The status every POST gets from now on. */
    public void answer(int status) {
        this.status = status;
    }

    /** Answer POSTs only after this long (a slow receiver); 0 answers at once. */
    public void answerAfter(long millis) {
        this.answerAfterMillis = millis;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> bodies() {
        return received.stream().map(Received::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            received.add(new Received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), headers));
            long pause = answerAfterMillis;
            if (pause > 0) {
                try {
                    Thread.sleep(pause); // plays a slow server; the test itself never waits on the clock
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
