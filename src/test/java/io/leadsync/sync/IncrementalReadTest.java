package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.airtable.AirtableLimits;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.ShiftableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental reads never miss a change: made during a cycle, stamped before the cursor (a transaction that
 * became visible late), or made while the pages of a listing are being read; an expired listing iterator
 * restarts cleanly; an idle cycle costs the two change feeds and nothing else. Real HTTP, emulators' own clocks.
 */
class IncrementalReadTest {

    private static final String LIST_RECORDS = "GET /v0/{baseId}/{table}";

    @TempDir
    Path dataDir;
    final ShiftableClock airtableClock = new ShiftableClock();
    Sandboxes sandboxes;
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.crash(); // the test is over: no graceful stop to wait for
        }
        if (sandboxes != null) {
            sandboxes.close();
        }
    }

    /** Seeded leads plus {@code generated} more; Trello at 1000 requests/10 s so set-up is quick. */
    private void emulators(int generated, AirtableLimits airtableLimits) {
        sandboxes = new Sandboxes(Sandboxes.Setup.of(31).airtableClock(airtableClock).airtableLimits(airtableLimits)
                .trelloConfig(TrelloConfig.defaults().withRateLimits(1000, 3000, Duration.ofSeconds(10))));
        if (generated > 0) {
            sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, generated);
        }
    }

    private void emulators(int generated) {
        emulators(generated, AirtableLimits.defaults().withPenalty(Duration.ofMillis(500)));
    }

    private LeadsyncRun sync() {
        return new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.token-requests-per-window", "1000")
                .with("leadsync.trello.key-requests-per-window", "3000");
    }

    private long expectedCards() {
        return sandboxes.leads().stream().filter(l -> l.field("Status") != null && !"LOST".equals(l.field("Status")))
                .count();
    }

    private void awaitSteadyState() {
        long cards = expectedCards();
        await().atMost(Duration.ofSeconds(60)).until(() -> sandboxes.openCardsByLead().size() == cards);
        app.awaitCycles("trello", 2);
    }

    private void stopCycles() throws Exception {
        app.context().getRouteController().stopRoute("trello-sync");
    }

    private void startCycles() throws Exception {
        app.context().getRouteController().startRoute("trello-sync");
    }

    @Test
    void anIdleCycleReadsTheTwoChangeFeedsAndNothingElse() throws Exception {
        emulators(0);
        app = sync().start();
        awaitSteadyState();
        stopCycles();
        sandboxes.airtable.resetCalls();
        sandboxes.trello.resetCalls();
        startCycles();
        app.awaitCycles("trello", 6);
        stopCycles();
        int listings = sandboxes.airtable.calls(LIST_RECORDS);
        assertThat(listings).isBetween(6, 7);
        assertThat(sandboxes.airtable.totalCalls()).as("Airtable: one listing page per cycle").isEqualTo(listings);
        assertThat(sandboxes.trello.calls()).as("Trello: the board's actions, once per cycle")
                .containsOnlyKeys("GET /1/boards/{id}/actions");
        assertThat(sandboxes.trello.calls("GET /1/boards/{id}/actions")).isEqualTo(listings);
    }

    @Test
    void cardsAreNotReadBackAfterOurOwnWritesNorAfterPeoplesMoves() throws Exception {
        emulators(60);
        app = sync().start();
        awaitSteadyState();
        sandboxes.trello.resetCalls();
        List<String> contacted = sandboxes.leads().stream().filter(l -> "CONTACTED".equals(l.field("Status")))
                .map(r -> r.id()).limit(12).toList();
        List<String> newLeads = sandboxes.leads().stream().filter(l -> "NEW".equals(l.field("Status")))
                .map(r -> r.id()).limit(12).toList();
        contacted.forEach(id -> sandboxes.setLead(id, "Status", "QUALIFIED"));
        await().untilAsserted(() -> contacted.forEach(id -> assertThat(sandboxes.cardOf(id).listName()).isEqualTo("DONE")));
        app.awaitCycles("trello", 2);
        newLeads.forEach(id -> sandboxes.trello.control().moveCard(sandboxes.cardOf(id).id(), "DONE"));
        await().untilAsserted(() -> newLeads.forEach(id -> assertThat(sandboxes.status(id)).isEqualTo("QUALIFIED")));
        app.awaitCycles("trello", 2);
        assertThat(sandboxes.trello.calls("PUT /1/cards/{id}")).isEqualTo(12);
        assertThat(sandboxes.trello.calls("GET /1/cards/{id}")).as("one check per move, before writing it")
                .isEqualTo(12);
        assertThat(sandboxes.trello.calls("GET /1/boards/{id}/cards")).as("whole board read").isZero();
        contacted.forEach(id -> assertThat(sandboxes.status(id)).isEqualTo("QUALIFIED"));
    }

    @Test
    void aRecordChangedWhileACycleIsUnderWayIsReadByTheNextOne() throws Exception {
        emulators(0);
        app = sync().start();
        awaitSteadyState();
        String ada = sandboxes.leadId("Ada Lovelace");
        sandboxes.trello.delayFaultMillis(1_000);
        // the next cycle has read Airtable and is held in its Trello read while Ada changes
        sandboxes.trello.faults().inject(Fault.DELAY, 1, "GET /1/boards/{id}/actions");
        await().until(() -> sandboxes.trello.faults().injected().containsKey(Fault.DELAY));
        sandboxes.setLead(ada, "Status", "QUALIFIED");
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("DONE"));
    }

    @Test
    void aChangeStampedBeforeTheCursorIsCaughtByTheOverlap() throws Exception {
        String ada = adaQualifiedFiveSecondsInThePast("10000");
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("DONE"));
    }

    @Test
    void withoutOverlapSuchAChangeWaitsForTheFullReconciliation() throws Exception {
        String ada = adaQualifiedFiveSecondsInThePast("0");
        app.awaitCycles("trello", 6);
        assertThat(sandboxes.cardOf(ada).listName()).as("the overlap is what catches it").isEqualTo("TODO");
        app.restart(); // a full read at start-up (and every leadsync.reconcile-interval)
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("DONE"));
    }

    /**
     * At steady state with the given overlap, Ada becomes QUALIFIED with a last-modified time 5 s ago, as a
     * transaction that became visible late has: earlier than the cursor of the cycles that already ran.
     */
    private String adaQualifiedFiveSecondsInThePast(String overlapMillis) throws Exception {
        emulators(0);
        app = sync().with("leadsync.overlap", overlapMillis).start();
        awaitSteadyState();
        String ada = sandboxes.leadId("Ada Lovelace");
        airtableClock.shift(Duration.ofSeconds(-5));
        try {
            sandboxes.setLead(ada, "Status", "QUALIFIED");
        } finally {
            airtableClock.reset();
        }
        return ada;
    }

    @Test
    void recordsChangedWhileTheListingIsPagedAreReadByTheNextCycleEvenWithoutOverlap() throws Exception {
        emulators(210);
        app = sync().start();
        awaitSteadyState();
        app.stop();
        sandboxes.airtable.resetCalls();
        // one request per second: the three pages of the start-up listing are a second apart
        app.with("leadsync.overlap", "0").with("leadsync.airtable.requests-per-second", "1").start();
        List<String> ids = sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status")))
                .map(r -> r.id()).toList();
        String onFirstPage = ids.get(0);
        String onLastPage = ids.get(ids.size() - 1);
        await().pollInterval(Duration.ofMillis(5)).until(() -> sandboxes.airtable.calls(LIST_RECORDS) >= 1);
        sandboxes.setLead(onFirstPage, "Name", "Renamed after its page was read");
        sandboxes.setLead(onLastPage, "Name", "Renamed before its page was read");
        String added = sandboxes.addLead("Added during the listing", "NEW");
        assertThat(sandboxes.airtable.calls(LIST_RECORDS)).as("still paging").isLessThan(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sandboxes.cardOf(onFirstPage).name()).isEqualTo("Renamed after its page was read");
            assertThat(sandboxes.cardOf(onLastPage).name()).isEqualTo("Renamed before its page was read");
            assertThat(sandboxes.cardOf(added).name()).isEqualTo("Added during the listing");
        });
    }

    @Test
    void anExpiredListingIteratorRestartsTheListingWithoutDuplicatesOrLosses() throws Exception {
        emulators(210, AirtableLimits.defaults().withPenalty(Duration.ofMillis(500))
                .withIteratorTtl(Duration.ofMillis(1500)));
        app = sync().start();
        awaitSteadyState();
        app.stop();
        int leads = sandboxes.leads().size();
        sandboxes.airtable.resetCalls();
        sandboxes.trello.resetCalls();
        try (LogCapture log = LogCapture.start()) {
            app.with("leadsync.airtable.requests-per-second", "1").start();
            await().pollInterval(Duration.ofMillis(5)).until(() -> sandboxes.airtable.calls(LIST_RECORDS) >= 1);
            airtableClock.shift(Duration.ofSeconds(3)); // the first page's offset is now older than its 1.5 s
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("[trello] cycle completed"));
            assertThat(sandboxes.airtable.answers(422)).as("LIST_RECORDS_ITERATOR_NOT_AVAILABLE").isEqualTo(1);
            assertThat(log.text()).contains("Airtable listing iterator expired after 100 records; restarting the listing")
                    .contains("[trello] full cycle: " + leads + " lead(s)")
                    .contains("[trello] cycle completed in").contains(": 0 change(s) planned, 0 to retry");
        }
        assertThat(sandboxes.trello.calls("POST")).isZero();
        assertThat(sandboxes.trello.calls("PUT")).isZero();
        assertThat(sandboxes.openCardsByLead()).hasSize((int) expectedCards())
                .allSatisfy((lead, cards) -> assertThat(cards).hasSize(1));
    }

    @Test
    void moreThanAThousandActionsBetweenTwoCyclesFallBackToReadingTheWholeBoard() throws Exception {
        emulators(0);
        app = sync().start();
        awaitSteadyState();
        String alan = sandboxes.leadId("Alan Turing");
        String card = sandboxes.cardOf(alan).id();
        stopCycles();
        for (int i = 0; i < 501; i++) { // 1002 actions, ending in DONE
            sandboxes.trello.control().moveCard(card, "DONE");
            if (i < 500) {
                sandboxes.trello.control().moveCard(card, "TODO");
            }
        }
        sandboxes.trello.resetCalls();
        try (LogCapture log = LogCapture.start()) {
            startCycles();
            await().until(() -> "QUALIFIED".equals(sandboxes.status(alan)));
            assertThat(log.text()).contains("More than 1000 Trello actions since the last cycle; reading the whole board");
        }
        assertThat(sandboxes.trello.calls("GET /1/boards/{id}/cards")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBoardNearItsOpenCardLimitIsReported() throws Exception {
        emulators(0);
        sandboxes.trello.control().addCards(sandboxes.boardId(), "TODO", 4_500, "Old card");
        try (LogCapture log = LogCapture.start()) {
            app = sync().start();
            awaitSteadyState();
            assertThat(log.text()).contains("Trello board 'Work Tracker' has 4500 open cards; Trello refuses new cards "
                    + "at 5,000 per board");
        }
    }
}
