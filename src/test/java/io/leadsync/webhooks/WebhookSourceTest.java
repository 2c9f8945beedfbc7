package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

import io.leadsync.support.LogCapture;
import io.leadsync.cluster.Leadership;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * routes/webhooks.camel.yaml over real HTTP (from 127.0.0.1): a refusal's log line names the address the request
 * came from, or, when that is a trusted reverse proxy (leadsync.webhooks.trusted-proxies), the first address of its
 * X-Forwarded-For header; anyone else's header is ignored. The server's own 413 refusal names it the same way.
 */
class WebhookSourceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private CamelContext context;
    private String base;

    private void serve(String trustedProxies) throws Exception {
        int port = WebhookServer.resolvePort(0);
        base = "http://127.0.0.1:" + port;
        context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("leadsync.webhooks.enabled", "true");
        context.getPropertiesComponent().setInitialProperties(p);
        context.getRegistry().bind("webhookReceiver", new WebhookReceiver(new KnownSecrets(null, Set.of()::contains),
                "https://leadsync.example.com", Duration.ofHours(25), Clock.systemUTC()));
        context.getRegistry().bind("leadership", Leadership.alone("node-a"));
        context.getRegistry().bind("pairWakeUps", (PairWakeUps) (pair, service, payload) -> {
            throw new AssertionError("nothing is woken");
        });
        WebhookServer.install(context, "127.0.0.1", port, new TrustedProxies(trustedProxies));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:routes/webhooks.camel.yaml"));
        context.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** An unsigned delivery said to be forwarded for 203.0.113.7: the WARN line of its refusal. */
    private String refusalOfAnUnsignedDeliveryForwardedFor(String body) throws Exception {
        try (LogCapture log = LogCapture.start()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base
                            + "/webhooks/clickup/clickup")).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "203.0.113.7, 10.0.0.9").timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isIn(401, 413);
            return log.text().lines().filter(l -> l.contains("webhook refused")).reduce((a, b) -> a + "\n" + b)
                    .orElse("");
        }
    }

    @Test
    void fromATrustedProxyTheRefusalNamesTheFirstAddressItForwardedFor() throws Exception {
        serve("10.0.0.5, 127.0.0.1");

        assertThat(refusalOfAnUnsignedDeliveryForwardedFor("{}").lines()).singleElement().asString()
                .endsWith("pair clickup, service clickup, from 203.0.113.7");
    }

    @Test
    void fromAnAddressNotTrustedTheForwardedHeaderIsIgnored() throws Exception {
        serve("10.0.0.5");

        assertThat(refusalOfAnUnsignedDeliveryForwardedFor("{}").lines()).singleElement().asString()
                .endsWith("pair clickup, service clickup, from 127.0.0.1");
    }

    @Test
    void byDefaultNoProxyIsTrusted() throws Exception {
        serve(null);

        assertThat(refusalOfAnUnsignedDeliveryForwardedFor("{}")).endsWith("from 127.0.0.1")
                .doesNotContain("203.0.113.7");
    }

    @Test
    void aBodyOverTheLimitFromATrustedProxyNamesTheAddressItForwardedForToo() throws Exception {
        serve("127.0.0.1");

        assertThat(refusalOfAnUnsignedDeliveryForwardedFor(" ".repeat(WebhookReceiver.MAX_BODY_BYTES + 1)).lines())
                .singleElement().asString().contains("webhook refused (413)").endsWith("from 203.0.113.7");
    }
}
