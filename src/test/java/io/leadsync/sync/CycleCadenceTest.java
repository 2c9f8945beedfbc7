package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.leadsync.sandbox.MutableClock;
import org.junit.jupiter.api.Test;

/** A pair's cycle runs at its first tick, then once every poll interval, and at the next tick when woken. */
class CycleCadenceTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final CycleCadence cadence = new CycleCadence("trello", 5_000, clock);

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
        cadence.wake();
        cadence.wake();

        assertThat(cadence.notDue()).as("woken").isFalse();
        clock.advance(Duration.ofMillis(250));
        assertThat(cadence.notDue()).as("both wake-ups were one cycle").isTrue();
        clock.advance(Duration.ofMillis(5_000));
        assertThat(cadence.notDue()).as("the interval counts from the woken cycle").isFalse();
    }
}
