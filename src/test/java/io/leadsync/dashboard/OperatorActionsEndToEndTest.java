package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's actions against a running leadsync and the emulators, through its HTTP API: a paused pair runs no
 * cycle and "sync now" runs exactly one; a lead Trello refused (the board at its open-card limit) stays a dead
 * letter after the board is fixed until it is retried, then its card lands; a mass removal held by the safety rail
 * is approved through the API and applied exactly once. The board takes 9 open cards; the sandbox has 8 leads and
 * one unrelated card.
 */
class OperatorActionsEndToEndTest extends SyncScenario {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    OperatorActionsEndToEndTest() {
        super(53);
        sandboxes.close();
        sandboxes = new Sandboxes(Sandboxes.Setup.of(53)
                .trelloConfig(TrelloConfig.defaults().withOpenCardsPerBoard(9)));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(app.managementUrl() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private void post(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(app.managementUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("ok").asBoolean()).isTrue();
    }

    private JsonNode trelloPair() throws Exception {
        for (JsonNode pair : get("/api/pairs").path("pairs")) {
            if (pair.path("name").asText().equals("trello")) {
                return pair;
            }
        }
        throw new AssertionError("no pair trello in /api/pairs");
    }

    /** Completes once the pair's timer has ticked {@code ticks} more times, cycles or not. */
    private NotifyBuilder ticks(int ticks) {
        return new NotifyBuilder(app.context()).fromRoute("trello-sync")
                .filter(exchange -> exchange.getProperty(Exchange.CORRELATION_ID) == null)
                .whenCompleted(ticks).create();
    }

    /** Completes once the pair has run {@code cycles} more cycles (not counting the push's per-change exchanges). */
    private NotifyBuilder cycles(int cycles) {
        return app.cycles("trello", cycles);
    }

    private long unlinkEvents() throws Exception {
        Path audit = dataDir.resolve("audit.jsonl");
        return Files.exists(audit) ? Files.readAllLines(audit).stream()
                .filter(l -> l.contains("\"event\":\"item-")).count() : 0;
    }

    @Test
    void pauseSyncNowRetryAndApproveThroughTheApi() throws Exception {
        sandboxes.trello.control().addCards(sandboxes.boardId(), "TODO", 1, "Unrelated card");
        app = new LeadsyncRun(sandboxes, dataDir).withManagement().with("leadsync.safety.max-removals", "3").start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 1);

        // paused: ticks go by, no cycle runs
        post("/api/pairs/trello/pause");
        assertThat(trelloPair().path("paused").asBoolean()).isTrue();
        assertThat(ticks(2).matches(30, TimeUnit.SECONDS)).as("a cycle running at the pause is over").isTrue();
        String fresh = sandboxes.addLead("Fresh While Paused", "NEW");
        NotifyBuilder noCycle = cycles(1);
        assertThat(ticks(10).matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(noCycle.matches()).as("no cycle while paused").isFalse();

        // sync now: one cycle, in which Trello refuses the card (the board is full): a dead letter
        NotifyBuilder oneCycle = cycles(1);
        post("/api/pairs/trello/sync-now");
        assertThat(oneCycle.matches(30, TimeUnit.SECONDS)).isTrue();
        JsonNode letter = get("/api/pairs/trello/dead-letters").path("deadLetters").get(0);
        assertThat(letter.path("record").asText()).isEqualTo(fresh);
        assertThat(letter.path("quarantined").asBoolean()).isTrue();
        assertThat(letter.path("reason").asText()).contains("open cards");
        NotifyBuilder stillPaused = cycles(1);
        assertThat(ticks(10).matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stillPaused.matches()).as("sync now ran one cycle, and the pair is still paused").isFalse();

        // the board fixed (the unrelated card archived) and the pair resumed: the lead waits, quarantined
        CardSnapshot unrelated = sandboxes.trello.control().cards(sandboxes.boardId()).stream()
                .filter(c -> c.name().startsWith("Unrelated card")).findFirst().orElseThrow();
        sandboxes.trello.control().archiveCard(unrelated.id());
        post("/api/pairs/trello/resume");
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.openCardsByLead()).as("not retried until it changes, or an operator retries it")
                .doesNotContainKey(fresh);

        // retried: the next cycle reads everything and creates the card
        post("/api/pairs/trello/dead-letters/" + letter.path("id").asText() + "/retry");
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().containsKey(fresh));
        assertThat(get("/api/pairs/trello/dead-letters").path("deadLetters")).as("held back no more")
                .noneMatch(d -> d.path("record").asText().equals(fresh));
        assertThat(get("/api/pairs/trello/activity?q=" + fresh).path("entries")).anySatisfy(
                e -> assertThat(e.path("event").asText()).isEqualTo("created"));

        // every card deleted while stopped: held; approved through the API, applied once
        app.stop();
        for (CardSnapshot card : sandboxes.trello.control().cards(sandboxes.boardId())) {
            sandboxes.trello.control().deleteCard(card.id());
        }
        app.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !get("/api/pairs/trello/hold").path("hold").isNull());
        JsonNode hold = get("/api/pairs/trello/hold").path("hold");
        assertThat(hold.path("removals")).hasSize(9);
        assertThat(hold.path("summary").asText()).contains("unlink 9 lead(s)");
        app.awaitCycles("trello", 2);
        assertThat(unlinkEvents()).as("nothing unlinked before the approval").isZero();

        post("/api/pairs/trello/hold/" + hold.path("id").asText() + "/approve");
        await().atMost(Duration.ofSeconds(20)).until(() -> unlinkEvents() == 9);
        app.awaitCycles("trello", 3);
        assertThat(unlinkEvents()).as("applied once").isEqualTo(9);
        assertThat(get("/api/pairs/trello/hold").path("hold").isNull()).isTrue();
    }
}
