package io.leadsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.http.BudgetGate;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.state.Link;
import io.leadsync.sync.Decisions;
import io.leadsync.sync.Effects;
import io.leadsync.sync.PushTally;
import io.leadsync.sync.SyncPlanner;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.webhooks.WebhookHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A pair's watch, fed cycle by cycle as the cycle's last step feeds it, on a clock the test moves: the runs it keeps,
 * the items it counts, the lag, the progress of a push, its meters and the view the dashboard shows.
 */
class PairWatchTest {

    private static final long T0 = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<Link> links = new ArrayList<>();
    private PushTally current;
    private WebhookHealth webhooks;
    private final PairWatch watch = watch(null);

    private PairWatch watch(Boolean webhooksOn) {
        return new PairWatch("trello", new PairWatch.Sources(true, () -> true, () -> null, () -> false, () -> false, () -> 5_000,
                () -> current, () -> links, () -> 0, () -> 2, webhooksOn == null ? null : () -> webhooks,
                () -> List.of(new BudgetGate.Usage("trello-token", 7, 100, 10_000))), meters, clock);
    }

    private static CreateItem create(String record, long modified) {
        return new CreateItem(record, new ItemDraft(record, "n", "d", "TODO", Map.of()), null, modified,
                "create|" + record + "|" + modified, "create a card for " + record);
    }

    private static SetLeadStatus leadWrite(String record, long modified) {
        return new SetLeadStatus(record, Map.of(record, Map.of("Status", "WON")), List.of(), Map.of(), modified,
                "leads|" + record + "|" + modified, "update 1 lead(s)");
    }

    private static Decisions decided(List<Change> changes, int ambiguous, Effects.AuditEntry... audit) {
        return new Decisions("trello", new Effects(changes, List.of(), List.of(), List.of(), List.of(audit),
                List.of()), List.of(), 0, Set.of(), new SyncPlanner.MatchCounts(0, 0, ambiguous), 0, "", "", "");
    }

    /** A cycle that starts now, plans these changes, and lasts {@code millis}. */
    private PushTally cycle(List<Change> planned, long millis) {
        current = new PushTally(clock::millis);
        current.planned(planned);
        clock.advance(Duration.ofMillis(millis));
        return current;
    }

    private void end(PushTally tally, Decisions decided, boolean full, long started) {
        watch.cycleEnded(tally, decided, full, started);
    }

    @Test
    void aCycleThatDidSomethingIsARunWithItsCountsByKindAndAnIdleOneIsOnlyCounted() {
        List<Change> planned = List.of(create("rec1", T0 - 1000), create("rec2", T0 - 1000), leadWrite("rec3", T0));
        long started = clock.millis();
        PushTally tally = cycle(planned, 1_200);
        tally.applied(planned.get(0));
        tally.applied(planned.get(2));
        tally.failed(PushTally.Failure.REFUSED, planned.get(1));
        end(tally, decided(planned, 0), true, started);

        long idleStart = clock.millis();
        PushTally idle = cycle(List.of(), 30);
        end(idle, decided(List.of(), 0), false, idleStart);

        RunHistory.Run run = new RunHistory.Run(Instant.ofEpochMilli(started).toString(), 1_200, "full", 1, 0, 0, 0,
                1, 1, null);
        assertThat(watch.view().get("runs")).isEqualTo(List.of(run));
        assertThat(((PairWatch.Detection) watch.view().get("detection")).idleCycles()).isEqualTo(1);
        assertThat(((PairWatch.Detection) watch.view().get("detection")).lastCycleMillis()).isEqualTo(30);
    }

    @Test
    void aSkippedCycleIsAFailedRunWithItsReasonAndAFailedCycleOnTheMeters() {
        long started = clock.millis();
        PushTally tally = new PushTally(clock::millis);
        tally.skipped("Airtable GET /v0/base/Leads: 503");
        clock.advance(Duration.ofMillis(40));
        end(tally, null, false, started);

        assertThat(watch.view().get("runs")).asList().singleElement()
                .extracting("error").isEqualTo("Airtable GET /v0/base/Leads: 503");
        assertThat(meters.get("leadsync.cycles").tags("pair", "trello", "read", "incremental", "outcome", "failed")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("leadsync.cycles").tags("outcome", "ok").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void theRingKeepsTheLast50RunsNewestFirst() {
        for (int i = 0; i < 60; i++) {
            long started = clock.millis();
            Change change = create("rec" + i, started);
            PushTally tally = cycle(List.of(change), 10);
            tally.applied(change);
            end(tally, decided(List.of(change), 0), false, started);
        }
        List<?> runs = (List<?>) watch.view().get("runs");
        assertThat(runs).hasSize(50);
        assertThat(((RunHistory.Run) runs.get(0)).started()).isEqualTo(Instant.ofEpochMilli(T0 + 590).toString());
    }

    @Test
    void theLagIsTheAgeOfTheOldestEditLeftToRetryAndZeroOnceEverythingIsApplied() {
        assertThat(watch.lagSeconds()).isZero();
        Change old = create("rec1", T0 - 20_000);
        Change recent = create("rec2", T0 - 5_000);
        long started = clock.millis();
        PushTally tally = cycle(List.of(old, recent), 1_000);
        assertThat(watch.lagSeconds()).as("while the push runs: the oldest the plan acts on").isEqualTo(21);
        tally.failed(PushTally.Failure.TRANSIENT, old);
        tally.applied(recent);
        end(tally, decided(List.of(old, recent), 0), false, started);

        clock.advance(Duration.ofSeconds(9));
        assertThat(watch.lagSeconds()).as("left to retry: it grows").isEqualTo(30);

        long again = clock.millis();
        PushTally retry = cycle(List.of(old), 100);
        retry.applied(old);
        end(retry, decided(List.of(old), 0), false, again);
        assertThat(watch.lagSeconds()).isZero();
        assertThat(meters.get("leadsync.lag").tag("pair", "trello").gauge().value()).isZero();
    }

    @Test
    void itemsInSyncAreLiveLinksAndUnlinkedAreLeadsStillWithoutAnItem() {
        links.add(new Link("rec1", "card1", "NEW", "TODO", "n", "d", false, 0, 0));
        links.add(new Link("rec2", null, "NEW", "TODO", "n", "d", false, 0, 0)); // created ahead, pending
        links.add(new Link("rec3", "card3", "NEW", "TODO", "n", "d", true, 0, 0)); // detached
        List<Change> planned = List.of(create("rec2", T0), create("rec4", T0), create("rec5", T0));
        long started = clock.millis();
        PushTally tally = cycle(planned, 10);
        tally.failed(PushTally.Failure.REFUSED, planned.get(1));
        tally.failed(PushTally.Failure.UNCERTAIN, planned.get(2));
        end(tally, decided(planned, 2), true, started);

        assertThat(watch.items()).isEqualTo(new PairWatch.Items(1, 3, 2));

        // rec4's create lands by the next cycle; an incremental read keeps the full read's ambiguous count
        links.add(new Link("rec4", "card4", "NEW", "TODO", "n", "d", false, 0, 0));
        long next = clock.millis();
        end(cycle(List.of(), 10), decided(List.of(), 0), false, next);
        assertThat(watch.items()).isEqualTo(new PairWatch.Items(2, 2, 2));
        assertThat(meters.get("leadsync.items").tags("pair", "trello", "state", "unlinked").gauge().value())
                .isEqualTo(2);
    }

    @Test
    void aPushInFlightShowsItsProgressAndNoneOnceTheCycleEnded() {
        List<Change> planned = List.of(create("rec1", T0), create("rec2", T0), create("rec3", T0),
                create("rec4", T0));
        long started = clock.millis();
        PushTally tally = cycle(planned, 0);
        assertThat(watch.progress()).isEqualTo(new io.leadsync.sync.Progress.Status(0, 4, 0.0, null));
        clock.advance(Duration.ofSeconds(2));
        tally.applied(planned.get(0));
        tally.applied(planned.get(1));
        assertThat(watch.progress()).isEqualTo(new io.leadsync.sync.Progress.Status(2, 4, 1.0, 2L));
        tally.applied(planned.get(2));
        tally.applied(planned.get(3));
        end(tally, decided(planned, 0), false, started);
        assertThat(watch.progress()).isNull();
    }

    @Test
    void aLongPushThatGetsOnKeepsThePairUpAndOneStuckForThreeIntervalsIsDown() {
        List<Change> planned = List.of(create("rec1", T0), create("rec2", T0), create("rec3", T0));
        PushTally tally = cycle(planned, 12_000);
        tally.applied(planned.get(0));
        clock.advance(Duration.ofSeconds(12));
        assertThat(watch.health().state()).as("12 s after its last step").isEqualTo("UP");
        tally.applied(planned.get(1));
        clock.advance(Duration.ofSeconds(16));
        assertThat(watch.health()).isEqualTo(new PairHealth("DOWN", "no cycle for 16 s (expected every 5 s)"));
    }

    @Test
    void itsMetersCountChangesByKindConflictsAndDeadLettersAndLeaveWithThePair() {
        List<Change> planned = List.of(create("rec1", T0), leadWrite("rec2", T0));
        long started = clock.millis();
        PushTally tally = cycle(planned, 250);
        tally.applied(planned.get(0));
        tally.failed(PushTally.Failure.CHANGED_MEANWHILE, planned.get(1));
        end(tally, decided(planned, 0, new Effects.Conflict("rec2", "Status", "NEW", "WON", "airtable-wins",
                "airtable", null)), true, started);

        assertThat(meters.get("leadsync.changes.applied").tags("pair", "trello", "kind", "create").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("leadsync.changes.applied").tags("kind", "lead_write").counter().count()).isZero();
        assertThat(meters.get("leadsync.changes.failed").tags("kind", "changed_meanwhile").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("leadsync.conflicts").counter().count()).isEqualTo(1);
        assertThat(meters.get("leadsync.dead.letters").functionCounter().count()).isEqualTo(2);
        assertThat(meters.get("leadsync.cycle.duration").tags("read", "full").timer().totalTime(
                java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(250);
        assertThat(meters.get("leadsync.held.actions").gauge().value()).isZero();

        watch.close();
        assertThat(meters.getMeters()).isEmpty();
    }

    @Test
    void theViewIsWhatTheDashboardReadsAsJson() throws Exception {
        webhooks = new WebhookHealth(false, "Trello webhook inactive");
        PairWatch withWebhooks = watch(true);
        long started = clock.millis();
        Change change = create("rec1", T0);
        PushTally tally = cycle(List.of(change), 80);
        tally.applied(change);
        withWebhooks.cycleEnded(tally, decided(List.of(change), 0), true, started);

        JsonNode view = new ObjectMapper().valueToTree(withWebhooks.view());
        assertThat(view.fieldNames()).toIterable()
                .containsExactly("health", "detection", "items", "progress", "budget", "runs");
        assertThat(view.path("health").path("state").asText()).isEqualTo("UP");
        assertThat(view.path("detection").path("lastCycle").asText()).isEqualTo("2026-12-01T08:00:00.080Z");
        assertThat(view.path("detection").path("lastCycleMillis").asLong()).isEqualTo(80);
        assertThat(view.path("detection").path("mode").asText()).isEqualTo("webhooks");
        assertThat(view.path("detection").path("webhooks").toString())
                .isEqualTo("{\"state\":\"DOWN\",\"reason\":\"Trello webhook inactive\"}");
        assertThat(view.path("progress").isNull()).isTrue();
        assertThat(view.path("budget").toString())
                .isEqualTo("[{\"service\":\"trello-token\",\"used\":7,\"limit\":100,\"window\":\"PT10S\"}]");
        assertThat(view.path("runs").get(0).toString()).isEqualTo("{\"started\":\"2026-12-01T08:00:00Z\","
                + "\"millis\":80,\"read\":\"full\",\"created\":1,\"moved\":0,\"updated\":0,\"archived\":0,"
                + "\"leadWrites\":0,\"failed\":0,\"error\":null}");

        assertThat(new ObjectMapper().valueToTree(watch.view()).path("detection").path("mode").asText())
                .as("without webhooks").isEqualTo("polling");
    }
}
