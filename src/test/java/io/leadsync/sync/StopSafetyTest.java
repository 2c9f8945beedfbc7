package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.leadsync.sandbox.EmulatorServer.Handled;
import io.leadsync.sandbox.Fault;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.apache.camel.spi.ShutdownStrategy;
import org.junit.jupiter.api.Test;

/**
 * Nothing a stop interrupts is left half done: card ids reach Airtable during the cycle, a stop starts no new
 * change and no wait holds it up, and no pending state keeps every later cycle a full read. Counts and the order
 * in which the emulators acted, not durations.
 */
class StopSafetyTest extends SyncScenario {

    private static final String CREATE_CARD = "POST /1/cards";
    private static final String LIST_RECORDS = "GET /v0/{baseId}/{table}";

    StopSafetyTest() {
        super(29);
    }

    private List<String> nonLostLeads() {
        return sandboxes.leads().stream().filter(l -> l.field("Status") != null && !"LOST".equals(l.field("Status")))
                .map(l -> l.id()).toList();
    }

    /** Every lead that should have a card has exactly one, and its "Trello Card" field holds that card's id. */
    private void awaitEveryCardLinkedBothWays() {
        List<String> leads = nonLostLeads();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(sandboxes.openCardsByLead()).hasSize(leads.size())
                    .allSatisfy((lead, cards) -> assertThat(cards).as("cards of %s", lead).hasSize(1));
            leads.forEach(id -> assertThat(sandboxes.field(id, "Trello Card")).as("link field of %s", id)
                    .isEqualTo(sandboxes.cardOf(id).id()));
        });
    }

    @Test
    void cardIdsAreWrittenBackTenAtATimeWhileTheCycleIsStillCreatingCards() throws Exception {
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 25);
        app = sync().start();
        awaitEveryCardLinkedBothWays();

        List<Handled> creates = sandboxes.trello.handled().stream().filter(h -> h.endpoint().equals(CREATE_CARD))
                .toList();
        List<Handled> writeBacks = sandboxes.airtable.handled().stream().filter(h -> "PATCH".equals(h.method()))
                .toList();
        assertThat(creates).hasSizeGreaterThan(20);
        Handled first = writeBacks.get(0);
        assertThat(creates).filteredOn(c -> c.handledAt() <= first.arrivedAt())
                .as("cards created before the first ids were written back").hasSize(10);
        assertThat(first.arrivedAt()).as("the first ids went back while cards were still being created")
                .isLessThan(creates.get(creates.size() - 1).arrivedAt());
    }

    @Test
    void aWrongOrMissingLinkFieldIsRepairedByTheNextFullRead() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        String grace = sandboxes.leadId("Grace Hopper");
        app = sync().start();
        awaitEveryCardLinkedBothWays();
        app.stop();
        sandboxes.setLead(ada, "Trello Card", "5f0000000000000000000000");
        sandboxes.setLead(grace, "Trello Card", "");

        app = sync().start();

        awaitEveryCardLinkedBothWays();
    }

    /**
     * SIGTERM during an initial sync: Camel waited its whole shutdown timeout while cards kept being created. Now
     * the create in flight (held by the emulator) finishes, nothing new starts, and the next run completes the
     * sync with every id in Airtable.
     */
    @Test
    void aStopDuringALongPushStartsNoNewChangeAndTheNextRunCompletesIt() throws Exception {
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 60);
        app = sync().start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sandboxes.trello.calls(CREATE_CARD) >= 5);
        sandboxes.trello.faults().inject(Fault.DELAY, 1, CREATE_CARD);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                .until(() -> sandboxes.trello.faults().injected().getOrDefault(Fault.DELAY, 0) == 1);
        int createsBeforeTheStop = sandboxes.trello.calls(CREATE_CARD);
        ShutdownStrategy shutdown = app.context().getShutdownStrategy();

        app.stop();

        assertThat(sandboxes.trello.calls(CREATE_CARD) - createsBeforeTheStop)
                .as("creates started after the stop began").isLessThanOrEqualTo(1);
        assertThat(shutdown.isTimeoutOccurred()).as("the stop waited out its timeout").isFalse();
        assertThat(sandboxes.openCardsByLead()).as("the initial sync was cut short")
                .hasSizeLessThan(nonLostLeads().size());
        assertThat(sandboxes.openCardsByLead().keySet().stream().filter(id -> sandboxes.field(id, "Trello Card") == null))
                .as("cards whose id the stop left unwritten (the held-back create's answer never came: at most that one)")
                .hasSizeLessThanOrEqualTo(1);

        app = sync().start();
        awaitEveryCardLinkedBothWays();
    }

    /** A stop during a 429 wait took about 25 s against a 15 s shutdown timeout. */
    @Test
    void aStopDuringA429WaitEndsTheWait() throws Exception {
        app = sync().with("leadsync.airtable.rate-limit-penalty", "600000")
                .with("camel.main.shutdown-timeout", "5").start();
        awaitEveryCardLinkedBothWays();
        sandboxes.airtable.faults().inject(Fault.RATE_LIMIT, 1, LIST_RECORDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> sandboxes.airtable.faults().injected().getOrDefault(Fault.RATE_LIMIT, 0) == 1);
        ShutdownStrategy shutdown = app.context().getShutdownStrategy();

        app.stop();

        assertThat(shutdown.isTimeoutOccurred()).as("the stop waited out its timeout").isFalse();
    }

    /**
     * A create answered with an HTML page, then the lead set to LOST: every cycle after that read all leads and
     * all cards. The pending create resolves, and idle cycles are back to one Airtable page and one page of board
     * actions.
     */
    @Test
    void aCreateThatNeverLandedForALeadSetToLostResolvesAndIdleCyclesGoBackToTwoCalls() throws Exception {
        // no wait for a create of unknown outcome (an HTML page lands nothing), so every cycle tries again
        app = sync().with("leadsync.uncertain-create-wait", "0").start();
        awaitEveryCardLinkedBothWays();
        sandboxes.trello.faults().inject(Fault.HTML_200, 1000, CREATE_CARD);
        String hedy = sandboxes.addLead("Hedy Lamarr", "NEW");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sandboxes.trello.faults().injected().getOrDefault(Fault.HTML_200, 0) >= 1);
        sandboxes.setLead(hedy, "Status", "LOST");
        app.awaitCycles("trello", 3);
        sandboxes.trello.faults().clear();

        assertIdleCyclesCostTwoCalls();
        assertThat(sandboxes.openCardsByLead()).doesNotContainKey(hedy);
    }

    /**
     * A card restored from the archive relinks with its lead's status unknown until the lead is read; a lead whose
     * status is outside the mapping cannot settle it, and reading everything every cycle would not either: it
     * waits for the lead's next edit, which an incremental read sees.
     */
    @Test
    void aRestoredCardWhoseLeadHasAStatusOutsideTheMappingDoesNotKeepEveryCycleAFullRead() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        app = sync().start();
        awaitEveryCardLinkedBothWays();
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.control().archiveCard(card);
        app.awaitCycles("trello", 3);
        sandboxes.setLead(ada, "Status", "ON_HOLD");
        app.awaitCycles("trello", 3);
        sandboxes.trello.control().unarchiveCard(card);
        app.awaitCycles("trello", 4);

        assertIdleCyclesCostTwoCalls();
    }

    private void assertIdleCyclesCostTwoCalls() throws Exception {
        app.context().getRouteController().stopRoute("trello-sync");
        sandboxes.airtable.resetCalls();
        sandboxes.trello.resetCalls();
        app.context().getRouteController().startRoute("trello-sync");
        app.awaitCycles("trello", 6);
        app.context().getRouteController().stopRoute("trello-sync");

        int listings = sandboxes.airtable.calls(LIST_RECORDS);
        assertThat(listings).isBetween(6, 7);
        assertThat(sandboxes.airtable.totalCalls()).as("Airtable: one listing page per cycle").isEqualTo(listings);
        assertThat(sandboxes.trello.calls()).as("Trello: the board's actions, once per cycle")
                .containsOnlyKeys("GET /1/boards/{id}/actions");
    }
}
