package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airtable writes go in batches of at most 10 (the emulator answers 422 to 11), and the client-side throttle
 * keeps a sustained run at the configured limits from ever being answered 429. Counts, not timings.
 */
class BatchAndThrottleTest {

    private static final String PATCH_RECORDS = "PATCH /v0/{baseId}/{table}";

    @TempDir
    Path dataDir;
    Sandboxes sandboxes;
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.crash(); // the test is over: no graceful stop to wait for
        }
        sandboxes.close();
    }

    private long nonLost() {
        return sandboxes.leads().stream().filter(l -> l.field("Status") != null && !"LOST".equals(l.field("Status")))
                .count();
    }

    @Test
    void airtableWritesGoInBatchesOfAtMostTen() throws Exception {
        sandboxes = new Sandboxes(Sandboxes.Setup.of(41)
                .trelloConfig(TrelloConfig.defaults().withRateLimits(1000, 3000, Duration.ofSeconds(10))));
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 60);
        long cards = nonLost(); // 8 + 48
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.token-requests-per-window", "1000")
                .with("leadsync.trello.key-requests-per-window", "3000").start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sandboxes.openCardsByLead().size() == cards
                && sandboxes.leads().stream().filter(l -> l.field("Trello Card") != null).count() == cards);
        app.awaitCycles("trello", 2);
        assertThat(sandboxes.airtable.calls(PATCH_RECORDS)).as("card ids written back, 10 per request")
                .isEqualTo((int) ((cards + 9) / 10));

        // 25 cards moved to DONE between two cycles: 25 status writes in 3 requests
        List<String> moved = sandboxes.leads().stream()
                .filter(l -> List.of("NEW", "CONTACTED", "IN_PROGRESS").contains(l.field("Status")))
                .map(r -> r.id()).limit(25).toList();
        app.context().getRouteController().stopRoute("trello-sync");
        sandboxes.airtable.resetCalls();
        moved.forEach(id -> sandboxes.trello.control().moveCard(sandboxes.cardOf(id).id(), "DONE"));
        app.context().getRouteController().startRoute("trello-sync");
        await().untilAsserted(() -> moved.forEach(id -> assertThat(sandboxes.status(id)).isEqualTo("QUALIFIED")));
        app.awaitCycles("trello", 2);
        assertThat(sandboxes.airtable.calls(PATCH_RECORDS)).isEqualTo(3);
        assertThat(sandboxes.airtable.answers(422)).as("an 11-record write would be refused with 422").isZero();
    }

    @Test
    void aSustainedRunAtTheConfiguredLimitsIsNeverAnswered429() throws Exception {
        // Trello at 20 requests per 2 s per token (60 per key), leadsync's budget the same; Airtable at its real 5/s
        sandboxes = new Sandboxes(Sandboxes.Setup.of(43)
                .trelloConfig(TrelloConfig.defaults().withRateLimits(20, 60, Duration.ofSeconds(2))));
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 120);
        long cards = nonLost(); // about 100 creates: 10 s at the limit, five full windows
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.token-requests-per-window", "20")
                .with("leadsync.trello.key-requests-per-window", "60").with("leadsync.trello.window", "2000")
                .start();
        await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.openCardsByLead().size() == cards
                && sandboxes.leads().stream().filter(l -> l.field("Trello Card") != null).count() == cards);
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.trello.calls("POST /1/cards")).isEqualTo((int) cards);
        assertThat(sandboxes.trello.answers(429)).as("Trello 429s").isZero();
        assertThat(sandboxes.airtable.answers(429)).as("Airtable 429s").isZero();
        assertThat(sandboxes.openCardsByLead()).allSatisfy((lead, c) -> assertThat(c).hasSize(1));
    }
}
