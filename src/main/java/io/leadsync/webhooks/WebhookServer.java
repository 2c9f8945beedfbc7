package io.leadsync.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel Main's embedded HTTP server (camel-platform-http-main: Vert.x, the server that camel.server.* would
 * configure), started by leadsync itself when webhooks are on: whether they are is known only after the sandbox has
 * started (camel.server.* is applied before the configuration classes run), and with webhooks off no port is opened.
 * It is THE leadsync server: the routes of routes/webhooks.camel.yaml are served on it, and the operator pages
 * (health, metrics, dashboard: issue #14) are to be platform-http routes on it too rather than a second port
 * (Camel's management server, camel.management.*, is a separate Vert.x server of its own).
 */
public final class WebhookServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    private WebhookServer() {
    }

    /**
     * Adds the server to {@code context} (it starts before the routes) on {@code host}:{@code port}, and binds
     * {@code proxies} as the bean {@code trustedProxies}: how the source of a delivery is named in the log.
     */
    public static void install(CamelContext context, String host, int port, TrustedProxies proxies)
            throws Exception {
        // Vert.x would fail later, inside Camel's start, with a bare "Address already in use"
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("The webhook port " + host + ":" + port + " cannot be opened ("
                    + e.getMessage() + "; is leadsync already running?): set leadsync.webhooks.port to a free port,"
                    + " or 0 for any, or leadsync.webhooks.host", e);
        }
        MainHttpServer server = new MainHttpServer();
        server.setCamelContext(context);
        server.setHost(host);
        server.setPort(port);
        server.setPath("/");
        // Vert.x's body handler answers 413 to a body over the limit: at once when its Content-Length says so,
        // else as soon as the bytes received pass it, without reading or keeping the rest
        server.setMaxBodySize((long) WebhookReceiver.MAX_BODY_BYTES);
        context.addService(server, true, true);
        context.getRegistry().bind("trustedProxies", proxies);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarted(CamelContext started) {
                // that refusal happens before any route: logged here, once, like the routes' own refusals
                server.getRouter().route("/webhooks/*").failureHandler(routing -> {
                    if (routing.statusCode() != 413 || routing.response().ended()) {
                        routing.next();
                        return;
                    }
                    LOG.warn("webhook refused (413): body over {} bytes; path {}, from {}",
                            WebhookReceiver.MAX_BODY_BYTES, printable(routing.request().path()),
                            proxies.source(routing.request().remoteAddress().hostAddress(),
                                    routing.request().getHeader("X-Forwarded-For")));
                    routing.response().setStatusCode(413).end("body too large");
                });
            }
        });
        LOG.info("webhooks: leadsync's HTTP server on {}:{} takes deliveries at /webhooks/<pair>/<trello|airtable|clickup>",
                host, port);
    }

    /**
     * {@code port}, or a free port when it is 0 (tests and parallel sandboxes): the platform-http routes find the
     * server's router by its configured port, so the server is given a real one.
     */
    public static int resolvePort(int port) throws IOException {
        if (port != 0) {
            return port;
        }
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** A path as it may be logged: no line breaks or control characters from a caller. */
    private static String printable(String path) {
        return path == null ? "" : path.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
