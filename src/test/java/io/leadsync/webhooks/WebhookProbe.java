package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.LeadsyncRun;

/**
 * What the webhook lifecycle tests look at: one pair's upkeep in the running sync, what it stored in
 * data/&lt;pair&gt;-webhooks.json, and the services' answers about their webhooks.
 */
final class WebhookProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LeadsyncRun app;
    private final Path dataDir;
    private final String pair;

    WebhookProbe(LeadsyncRun app, Path dataDir, String pair) {
        this.app = app;
        this.dataDir = dataDir;
        this.pair = pair;
    }

    WebhookUpkeep webhooks() {
        return app.context().getRegistry().lookupByNameAndType("webhookUpkeep", WebhookUpkeep.class);
    }

    /** One upkeep of the pair now (the route's timer may run one too: each is the same decision). */
    void upkeep() {
        assertThat(webhooks().pairs()).containsExactly(pair);
        webhooks().upkeep(pair);
    }

    JsonNode stored() {
        JsonNode saved = PairWebhookState.document(dataDir.toString(), pair).load();
        return saved == null ? JSON.createObjectNode() : saved;
    }

    /** A service's answer, 200 expected; a 429 (the emulators' limits are shared with the sync) is waited out. */
    JsonNode answer(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> answer = http.send(built, HttpResponse.BodyHandlers.ofString());
        for (int tries = 0; answer.statusCode() == 429 && tries < 10; tries++) {
            Thread.sleep(500);
            answer = http.send(built, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    static JsonNode only(List<JsonNode> hooks) {
        assertThat(hooks).hasSize(1);
        return hooks.get(0);
    }
}
