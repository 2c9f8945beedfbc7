package io.leadsync.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.DashboardServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * routes/dry-run.camel.yaml on Camel's management server, over real HTTP: GET /api/pairs/{pair}/preview answers
 * the pair's latest plan (the bean planPreviews), null before any, 404 for a name no pair has; read-only. The
 * mapping decisions are POSTs, same-site only (MappingChangePreviewTest applies and discards an edit).
 */
class PreviewRouteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PlanPreviews PREVIEWS = new PlanPreviews(Set.of("trello", "clickup")::contains);
    private static CamelContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        DashboardServer server = new DashboardServer(null, Map.of("planPreviews", PREVIEWS), "dashboard", "dry-run");
        context = server.context();
        base = server.url();
        context.start();
        PREVIEWS.put("trello", new PlanPreview("2026-12-01T08:00:00Z", "dry run",
                List.of(new PlanPreview.Entry("recA", null, "create trello item 'Ada' in TODO for lead recA")),
                List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer s3cr3t-token")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPairsPreviewIsItsLatestPlanAsJson() throws Exception {
        HttpResponse<String> answer = get("/api/pairs/trello/preview");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode preview = JSON.readTree(answer.body()).path("preview");
        assertThat(preview.path("reason").asText()).isEqualTo("dry run");
        assertThat(preview.path("creates").get(0).path("record").asText()).isEqualTo("recA");
    }

    @Test
    void aPairWithoutAPlanHasANullPreview() throws Exception {
        HttpResponse<String> answer = get("/api/pairs/clickup/preview");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"preview\":null}");
    }

    @Test
    void aNameNoPairHasIsA404SayingSo() throws Exception {
        HttpResponse<String> answer = get("/api/pairs/nope/preview");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("no pair named 'nope'");
    }

    @Test
    void theAnswerEchoesNoRequestHeader() throws Exception {
        HttpResponse<String> answer = get("/api/pairs/trello/preview");

        assertThat(answer.headers().map().toString()).doesNotContain("s3cr3t-token").doesNotContainIgnoringCase("pair=");
    }

    private static HttpResponse<String> post(String path, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMappingDecisionForANameNoPairHasOrAnUnknownDecisionIsA404() throws Exception {
        for (String path : new String[] {"/api/pairs/nope/mapping/apply", "/api/pairs/trello/mapping/explode"}) {
            HttpResponse<String> answer = post(path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).path("error").asText()).as(path).isNotBlank();
        }
    }

    @Test
    void aMappingDecisionFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> answer = post("/api/pairs/trello/mapping/apply", "http://evil.example");

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void aMappingDecisionIsAPost() throws Exception {
        assertThat(get("/api/pairs/trello/mapping/apply").statusCode()).isEqualTo(405);
    }

    @Test
    void thePreviewIsReadOnly() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/pairs/trello/preview"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
