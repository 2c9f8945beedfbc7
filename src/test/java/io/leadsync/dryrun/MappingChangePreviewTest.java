package io.leadsync.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * leadsync.mapping-changes=preview: an edited mapping moves nothing; the pair previews the plan it would make (the
 * dashboard's /api/pairs/{pair}/preview) and applies it only on POST /api/pairs/{pair}/mapping/apply.
 */
class MappingChangePreviewTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void anEditedMappingMovesNothingUntilAppliedAndItsPreviewListsTheMoves() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(59);
             LeadsyncRun app = new LeadsyncRun(sandboxes, data).with("leadsync.mapping-changes", "preview")
                     .withManagement().start()) {
            String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, card in TODO
            String katherine = sandboxes.leadId("Katherine Johnson"); // CONTACTED
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
            app.awaitCycles("trello", 2);
            assertThat(post(app, "/api/pairs/trello/mapping/apply").statusCode()).as("nothing pending").isEqualTo(404);

            app.context().getRegistry().bind("trelloMapping", edited(app, "CONTACTED", "DONE"));

            JsonNode preview = await().atMost(Duration.ofSeconds(20)).until(() -> preview(app),
                    p -> "mapping change".equals(p.path("reason").asText()));
            assertThat(records(preview.path("moves"))).containsExactlyInAnyOrder(alan, katherine);
            app.awaitCycles("trello", 3);
            assertThat(sandboxes.cardOf(alan).listName()).as("not applied yet").isEqualTo("TODO");

            HttpResponse<String> applied = post(app, "/api/pairs/trello/mapping/apply");
            assertThat(applied.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(applied.body()).path("message").asText()).startsWith("trello mapping applied");
            assertThat(preview(app).isNull()).as("decided: no longer a preview").isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
                assertThat(sandboxes.cardOf(katherine).listName()).isEqualTo("DONE");
            });
        }
    }

    @Test
    void aDiscardedEditKeepsTheMappingInForce() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(59);
             LeadsyncRun app = new LeadsyncRun(sandboxes, data).with("leadsync.mapping-changes", "preview")
                     .withManagement().start()) {
            String alan = sandboxes.leadId("Alan Turing");
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
            app.context().getRegistry().bind("trelloMapping", edited(app, "CONTACTED", "DONE"));
            await().atMost(Duration.ofSeconds(20)).until(() -> preview(app),
                    p -> "mapping change".equals(p.path("reason").asText()));

            HttpResponse<String> discarded = post(app, "/api/pairs/trello/mapping/discard");

            assertThat(discarded.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(discarded.body()).path("message").asText())
                    .startsWith("trello mapping edit discarded: the running mapping stays in force");
            assertThat(preview(app).isNull()).as("the discarded edit's plan is no longer shown").isTrue();
            app.awaitCycles("trello", 3);
            assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("TODO");
        }
    }

    /** The running trello mapping with one status sent elsewhere, as a reloaded file would declare it. */
    private static StatusMapping edited(LeadsyncRun app, String status, String list) {
        StatusMapping running = app.context().getRegistry().lookupByNameAndType("trelloMapping", StatusMapping.class);
        StatusMapping edited = new StatusMapping();
        edited.getLeadToTracker().putAll(running.getLeadToTracker());
        edited.getTrackerToLead().putAll(running.getTrackerToLead());
        edited.getLeadToTracker().put(status, list);
        return edited;
    }

    private static JsonNode preview(LeadsyncRun app) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create(app.managementUrl() + "/api/pairs/trello/preview")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("preview");
    }

    private static HttpResponse<String> post(LeadsyncRun app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.managementUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> records(JsonNode entries) {
        return Stream.of(JSON.convertValue(entries, JsonNode[].class)).map(e -> e.path("record").asText()).toList();
    }
}
