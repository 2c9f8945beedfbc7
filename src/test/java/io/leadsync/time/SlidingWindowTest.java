package io.leadsync.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The count under the sync's rate budget and the emulators' limiter. */
class SlidingWindowTest {

    @Test
    void atMostLimitEntriesCountWithinTheWindowAndEachLeavesAWindowAfterItsMoment() {
        SlidingWindow window = new SlidingWindow(2, 1_000);

        assertThat(window.tryAdd(0, 0)).isNotNull();
        assertThat(window.tryAdd(400, 400)).isNotNull();
        assertThat(window.tryAdd(999, 999)).as("full").isNull();
        assertThat(window.oldestLeavesAt()).isEqualTo(1_000);
        assertThat(window.remaining(999)).isZero();

        assertThat(window.tryAdd(1_000, 1_000)).as("the first left at 1000").isNotNull();
        assertThat(window.oldestLeavesAt()).isEqualTo(1_400);
    }

    @Test
    void aPendingEntryStaysInUntilItIsToldWhenItCountsFrom() {
        SlidingWindow window = new SlidingWindow(1, 1_000);
        SlidingWindow.Entry inFlight = window.tryAdd(0, SlidingWindow.PENDING);

        assertThat(window.tryAdd(60_000, 60_000)).as("still in flight a minute later").isNull();
        assertThat(window.oldestLeavesAt()).isEqualTo(SlidingWindow.PENDING);

        inFlight.countFrom(60_000);
        assertThat(window.oldestLeavesAt()).isEqualTo(61_000);
        assertThat(window.tryAdd(60_999, 60_999)).isNull();
        assertThat(window.tryAdd(61_000, 61_000)).isNotNull();
    }

    @Test
    void aLimitOfZeroMeansNoLimit() {
        SlidingWindow window = new SlidingWindow(0, 1_000);

        for (int i = 0; i < 1_000; i++) {
            assertThat(window.tryAdd(0, 0)).isNotNull();
        }
    }
}
