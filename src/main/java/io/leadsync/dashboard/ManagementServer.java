package io.leadsync.dashboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.leadsync.observe.RateLimitMeters;
import io.leadsync.webhooks.WebhookServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.prometheus.MicrometerPrometheus;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's management server (camel-platform-http-main's ManagementHttpServer, the server camel.management.* would
 * configure) on leadsync.management.host/port: Camel's own {@code /observe/health} (liveness, readiness, one check
 * per pair) and Prometheus {@code /observe/metrics}, and the operator's dashboard and its JSON API, whose routes
 * (routes/dashboard.camel.yaml) consume from the component {@value #COMPONENT}. Installed by leadsync rather than by
 * camel.management.*: port 0 is resolved to a free one first (the routes find the server's router by its port), and
 * a taken port is reported in one line. Loopback by default: the dashboard's actions need leadsync.admin-token when
 * it listens on anything else ({@link OperatorAccess}).
 */
public final class ManagementServer {

    /** The component the dashboard's routes consume from: platform-http, on this server instead of the webhooks' one. */
    public static final String COMPONENT = "management-http";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private ManagementServer() {
    }

    /** Adds the server to {@code context} on {@code host}:{@code port} (0: a free port); returns the port. */
    public static int install(CamelContext context, String host, int port) throws Exception {
        int bound = WebhookServer.resolvePort(port);
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, bound));
        } catch (IOException e) {
            throw new IllegalStateException("The management port " + host + ":" + bound + " cannot be opened ("
                    + e.getMessage() + "; is leadsync already running?): set leadsync.management.port to a free port,"
                    + " or 0 for any, or leadsync.management.enabled=false", e);
        }
        ManagementHttpServer server = new ManagementHttpServer();
        server.setCamelContext(context);
        server.setHost(host);
        server.setPort(bound);
        server.setPath("/");
        server.setHealthCheckEnabled(true);
        server.setHealthPath("/observe/health");
        server.setInfoPath("/observe/info");
        server.setJolokiaPath("/observe/jolokia");
        server.setMetricsEnabled(true);
        context.addService(server, true, true);
        // Camel's Micrometer/Prometheus registry (what camel.metrics.enabled would add), after the server: it serves
        // /observe/metrics on the management server it finds when it starts. Route meters only: the exchange event
        // notifier's meters clash in tag keys (Prometheus refuses them with a WARN)
        // Its registry made here, not when the service starts: the pairs' meters (io.leadsync.observe) are made as
        // their routes are, before that
        context.getRegistry().bind(RateLimitMeters.REGISTRY, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        MicrometerPrometheus metrics = new MicrometerPrometheus();
        metrics.setEnableExchangeEventNotifier(false);
        context.addService(metrics, true, true);
        PlatformHttpComponent component = new PlatformHttpComponent();
        component.setEngine(new OnManagementServer(bound));
        context.addComponent(COMPONENT, component);
        LOG.info("dashboard: http://{}:{}/ (health /observe/health, metrics /observe/metrics)",
                host.contains(":") ? "[" + host + "]" : host, bound);
        return bound;
    }

    /**
     * platform-http's Vert.x engine, bound to the management server's router (found by its port) instead of the
     * main server's; it is not bound as the registry's platform-http engine, which stays the webhooks' one.
     */
    private static final class OnManagementServer extends VertxPlatformHttpEngine {

        private final int port;

        OnManagementServer(int port) {
            this.port = port;
        }

        @Override
        protected void doInit() {
            // VertxPlatformHttpEngine binds itself as "platform-http-engine": the webhook routes' engine
        }

        @Override
        public int getServerPort() {
            return port;
        }
    }
}
