package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.leadsync.change.Change;
import io.leadsync.change.MoveItem;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.state.PauseFlag;
import io.leadsync.support.LogCapture;
import io.leadsync.webhooks.WebhookHealth;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pair's cycle runs at its first tick, then once every poll interval, and at the next tick when woken. */
class CycleCadenceTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    @TempDir
    static Path dir;
    final CycleCadence cadence = new CycleCadence("trello", 5_000, new PauseFlag(dir.toString(), "trello"), clock);

    @Test
    void theFirstTickIsACycleThenOneEveryInterval() {
        assertThat(cadence.notDue()).as("first tick").isFalse();
        clock.advance(Duration.ofMillis(4_999));
        assertThat(cadence.notDue()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(cadence.notDue()).as("an interval later").isFalse();
        assertThat(cadence.notDue()).as("the same instant again").isTrue();
    }

    @Test
    void aWakeUpRunsTheNextTickAndSeveralAreOneCycle() {
        cadence.notDue();
        clock.advance(Duration.ofMillis(250));
        cadence.wake(false);
        cadence.wake(false);

        assertThat(cadence.notDue()).as("woken").isFalse();
        clock.advance(Duration.ofMillis(250));
        assertThat(cadence.notDue()).as("both wake-ups were one cycle").isTrue();
        clock.advance(Duration.ofMillis(5_000));
        assertThat(cadence.notDue()).as("the interval counts from the woken cycle").isFalse();
    }

    @Test
    void aWakeUpAnnouncingADeletionMakesItsCycleAFullRead() {
        cadence.notDue();
        cadence.wake(true);
        cadence.wake(false);
        assertThat(cadence.notDue()).isFalse();
        assertThat(readsAll()).as("a deletion among the wake-ups").isTrue();

        cadence.wake(false);
        assertThat(cadence.notDue()).isFalse();
        assertThat(readsAll()).as("the next, woken by another change").isFalse();
    }

    /** An operator's pause: no cycle until the resume, kept across a restart; a wake-up waits for the resume. */
    @Nested
    class Paused {

        final CycleCadence pausable = new CycleCadence("paused", 5_000, new PauseFlag(dir.toString(), "paused"),
                clock);

        @Test
        void noCycleRunsWhilePausedAndAWakeUpIsKeptForTheResume() {
            pausable.notDue();
            assertThat(pausable.pause()).isTrue();
            assertThat(pausable.pause()).as("paused already").isFalse();
            clock.advance(Duration.ofMillis(5_000));
            pausable.wake(false);
            assertThat(pausable.notDue()).as("due and woken, but paused").isTrue();

            assertThat(pausable.resume()).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(pausable.notDue()).as("the kept wake-up").isFalse();
            assertThat(pausable.notDue()).isTrue();
        }

        @Test
        void thePauseOutlivesARestartUntilResumed() {
            pausable.pause();
            CycleCadence restarted = new CycleCadence("paused", 5_000, new PauseFlag(dir.toString(), "paused"),
                    clock);
            assertThat(restarted.paused()).isTrue();
            assertThat(restarted.notDue()).as("the first tick after the restart").isTrue();

            restarted.resume();
            assertThat(new CycleCadence("paused", 5_000, new PauseFlag(dir.toString(), "paused"), clock).paused())
                    .isFalse();
            assertThat(restarted.notDue()).isFalse();
        }

        @Test
        void syncNowRunsOneCycleEvenWhilePaused() {
            pausable.notDue();
            pausable.pause();
            pausable.syncNow();
            assertThat(pausable.notDue()).as("asked for").isFalse();
            clock.advance(Duration.ofMillis(5_000));
            assertThat(pausable.notDue()).as("still paused after it").isTrue();
            pausable.resume();
        }

        @Test
        void syncNowRunsTheNextTickBeforeTheInterval() {
            cadence.notDue();
            cadence.syncNow();
            assertThat(cadence.notDue()).isFalse();
            assertThat(cadence.notDue()).isTrue();
        }
    }

    private boolean readsAll() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(SyncCycle.FULL, false);
        cadence.readAllIfAnnounced(exchange);
        return exchange.getProperty(SyncCycle.FULL, Boolean.class);
    }

    /**
     * With webhooks, polling is the safety net: every 5 min while they are healthy, every poll interval while they
     * are not, saying so once each way.
     */
    @Nested
    class WithWebhooks {

        WebhookHealth health = new WebhookHealth(true, "webhooks registered and healthy");
        final CycleCadence safetyNet = new CycleCadence("trello", 5_000, 300_000, () -> health,
                new PauseFlag(dir.toString(), "trello"), clock);

        /** Whether a cycle runs at some tick within {@code millis} from now (ticks of 250 ms). */
        boolean cycleWithin(long millis) {
            for (long waited = 0; waited < millis; waited += 250) {
                clock.advance(Duration.ofMillis(250));
                if (!safetyNet.notDue()) {
                    return true;
                }
            }
            return false;
        }

        /** A timed cycle ends having planned a change to an edit made at {@code editedAt}. */
        void endsWithAnEditOf(Instant editedAt) {
            Change move = new MoveItem("rec1", "card1", null, null, editedAt.toEpochMilli(), "key", "move card1");
            Effects effects = new Effects(List.of(move), List.of(), List.of(), List.of(), List.of(), List.of());
            safetyNet.cycleEnded(new Decisions("trello", effects, List.of(), 0, Set.of(), null, 0, null, null, null),
                    new PushTally(), false);
        }

        void endsQuietly() {
            Effects none = new Effects(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
            safetyNet.cycleEnded(new Decisions("trello", none, List.of(), 0, Set.of(), null, 0, null, null, null),
                    new PushTally(), false);
        }

        @Test
        void healthyWebhooksMakeThePollsRareAndUnhealthyOnesBringThemBack() {
            try (LogCapture log = LogCapture.start()) {
                assertThat(safetyNet.notDue()).as("first tick").isFalse();
                endsQuietly();
                assertThat(cycleWithin(299_000)).as("healthy: no poll before 5 min").isFalse();
                assertThat(cycleWithin(1_000)).as("the safety poll").isTrue();
                endsQuietly();

                health = new WebhookHealth(false, "the Trello webhook was disabled by Trello");
                assertThat(cycleWithin(5_000)).as("unhealthy: every poll interval").isTrue();
                endsQuietly();
                assertThat(cycleWithin(5_000)).isTrue();
                health = new WebhookHealth(true, "webhooks registered and healthy");
                endsQuietly();
                assertThat(cycleWithin(6_000)).as("healthy again").isFalse();

                assertThat(log.text()).containsOnlyOnce("pair trello: the Trello webhook was disabled by Trello; "
                        + "polling every PT5S until they are healthy again");
                assertThat(log.text().split("webhooks healthy; polling every PT5M as the safety net", -1))
                        .as("said when healthy, and when healthy again").hasSize(3);
            }
        }

        @Test
        void aTimedPollFindingAnEditNoDeliveryAnnouncedFallsBackUntilADeliveryComes() {
            safetyNet.notDue();
            endsQuietly();
            Instant edited = clock.instant().plusSeconds(10);
            assertThat(cycleWithin(300_000)).isTrue();
            endsWithAnEditOf(edited);

            assertThat(cycleWithin(5_000)).as("silent webhooks: every poll interval").isTrue();
            endsQuietly();
            safetyNet.heard();
            assertThat(cycleWithin(6_000)).as("an echo that woke nothing: deliveries arrive again").isFalse();
            safetyNet.wake(false);
            assertThat(safetyNet.notDue()).as("a delivery").isFalse();
            endsQuietly();
            assertThat(cycleWithin(6_000)).as("deliveries arrive again").isFalse();
        }

        @Test
        void anEditTooFreshForItsDeliveryOrOneFoundByAWokenCycleIsNoSilence() {
            safetyNet.notDue();
            endsQuietly();
            assertThat(cycleWithin(300_000)).isTrue();
            endsWithAnEditOf(clock.instant().minusSeconds(5));
            assertThat(cycleWithin(6_000)).as("its delivery may still come").isFalse();

            Instant edited = clock.instant();
            clock.advance(Duration.ofMinutes(2));
            safetyNet.wake(false);
            safetyNet.notDue();
            endsWithAnEditOf(edited);
            assertThat(cycleWithin(6_000)).as("a woken cycle proves deliveries come").isFalse();
        }

        @Test
        void theIntervalExpectedNowIsTheSafetyPollsWhileTheWebhooksAreHealthyAndThePollIntervalOtherwise() {
            assertThat(cadence.expectedInterval()).as("without webhooks").isEqualTo(5_000);
            safetyNet.notDue();
            endsQuietly();
            assertThat(safetyNet.expectedInterval()).isEqualTo(300_000);
            health = new WebhookHealth(false, "the Trello webhook was disabled by Trello");
            assertThat(safetyNet.expectedInterval()).isEqualTo(5_000);
            health = new WebhookHealth(true, "webhooks registered and healthy");
            clock.advance(Duration.ofMinutes(2));
            endsWithAnEditOf(clock.instant().minusSeconds(60));
            assertThat(safetyNet.expectedInterval()).as("silent: a poll found what no delivery announced")
                    .isEqualTo(5_000);
        }

        @Test
        void aCycleThatLeftSomethingToRetryBringsTheNextSoon() {
            safetyNet.notDue();
            PushTally failed = new PushTally();
            failed.retryable.add(new MoveItem("rec1", "card1", null, null, 0, "key", "move card1"));
            Effects none = new Effects(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
            safetyNet.cycleEnded(new Decisions("trello", none, List.of(), 0, Set.of(), null, 0, null, null, null),
                    failed, false);

            assertThat(cycleWithin(5_000)).as("the retry").isTrue();
            endsQuietly();
            assertThat(cycleWithin(6_000)).as("then rare again").isFalse();
        }
    }
}
