package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.SyncScenario;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.junit.jupiter.api.Test;

/**
 * leadsync started as a user starts it: webhooks off unless a public URL is set (no server, no route), on in the
 * sandbox at loopback, where the sandbox's Trello secret verifies a delivery end to end.
 */
class WebhookStartupTest extends SyncScenario {

    WebhookStartupTest() {
        super(13);
    }

    @Test
    void withoutAPublicUrlNoServerRunsAndNoWebhookRouteIsMade() throws Exception {
        app = new LeadsyncRun(sandboxes, dataDir).start();
        CamelContext context = app.context();

        assertThat(context.hasService(MainHttpServer.class)).as("no HTTP server, no port opened").isNull();
        assertThat(context.getRoute("webhook-receive")).isNull();
        assertThat(context.getRegistry().lookupByName("webhookReceiver")).isNull();
    }

    @Test
    void aPublicUrlThatIsNoHttpAddressStopsStartUpNamingTheSetting() {
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.webhooks.public-url", "sync.example.com");

        assertThatThrownBy(app::start).hasStackTraceContaining(
                "leadsync.webhooks.public-url is 'sync.example.com'; use the http(s):// address");
    }

    @Test
    void aWebhookPortInUseStopsStartUpNamingTheSettingToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.webhooks.public-url", "https://sync.example.com")
                    .with("leadsync.webhooks.port", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(app::start).hasStackTraceContaining("The webhook port 127.0.0.1:"
                    + taken.getLocalPort() + " cannot be opened").hasStackTraceContaining("set leadsync.webhooks.port");
        }
    }

    @Test
    void inTheSandboxWebhooksAreOnAtLoopbackAndATrelloDeliveryWakesItsPair() throws Exception {
        app = LeadsyncRun.inSandboxMode(dataDir).start();
        CamelContext context = app.context();
        String publicUrl = context.resolvePropertyPlaceholders("{{leadsync.webhooks.public-url}}");
        String body = "{\"action\":{\"id\":\"a9\",\"type\":\"updateCard\",\"date\":\"" + Instant.now()
                + "\"},\"model\":{\"id\":\"b9\"}}";
        String callback = publicUrl + "/webhooks/trello/trello";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TrelloConfig.SANDBOX_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal((body + callback).getBytes(StandardCharsets.UTF_8)));
        HttpClient http = HttpClient.newHttpClient();

        assertThat(publicUrl).startsWith("http://127.0.0.1:");
        assertThat(context.getRoute("webhook-receive")).isNotNull();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(callback)).timeout(Duration.ofSeconds(20))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("Trello's HEAD check").isEqualTo(200);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(callback))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-Trello-Webhook", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        LastDeliveries deliveries = context.getRegistry().lookupByNameAndType("lastDeliveries", LastDeliveries.class);
        assertThat(deliveries.last("trello")).hasValueSatisfying(d -> {
            assertThat(d.service()).isEqualTo("trello");
            assertThat(d.payload().path("action").path("id").asText()).isEqualTo("a9");
        });
    }
}
