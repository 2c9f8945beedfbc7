package io.leadsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A pair's health, decided from what its watch knows: the reason is the one line an operator reads. */
class PairHealthTest {

    private static final long NOW = 1_000_000;

    private static PairHealth health(boolean enabled, boolean connected, String why, boolean paused,
                                     long lastActivity, String lastFailure) {
        return PairHealth.of(new PairHealth.Facts(enabled, connected, why, paused, false, lastActivity, NOW - 60_000,
                5_000, lastFailure), NOW);
    }

    /** A follower of a cluster runs no cycle of the pair: ready to take it over, so its readiness stays up. */
    @Test
    void upWhileAnotherNodeLeadsThePairHoweverLongAgoThisOneRanACycle() {
        assertThat(PairHealth.of(new PairHealth.Facts(true, true, null, false, true, 0, NOW - 600_000, 5_000, null),
                NOW)).isEqualTo(new PairHealth("UP", "led by another node"));
    }

    @Test
    void upWhileACycleEndedWithinThreeIntervals() {
        assertThat(health(true, true, null, false, NOW - 15_000, null))
                .isEqualTo(new PairHealth("UP", "last cycle 15 s ago (every 5 s)"));
    }

    @Test
    void downWhenNoCycleEndedForMoreThanThreeIntervals() {
        assertThat(health(true, true, null, false, NOW - 47_000, null))
                .isEqualTo(new PairHealth("DOWN", "no cycle for 47 s (expected every 5 s)"));
    }

    @Test
    void cyclesThatFailNamesTheLastFailure() {
        assertThat(health(true, true, null, false, NOW - 47_000, "Airtable GET /v0/b/Leads: 503").reason())
                .isEqualTo("no cycle for 47 s (expected every 5 s); the last one failed: Airtable GET /v0/b/Leads: 503");
    }

    @Test
    void downWithItsReasonWhileItCannotConnect() {
        assertThat(health(true, false, "Pair 'sales': Trello board 'Sales Bord' not found", false, 0, null))
                .isEqualTo(new PairHealth("DOWN", "not connected: Pair 'sales': Trello board 'Sales Bord' not found"));
    }

    @Test
    void upWithItsReasonWhilePausedByAnOperatorHoweverLongAgoItsLastCycle() {
        assertThat(health(true, true, null, true, NOW - 600_000, null))
                .isEqualTo(new PairHealth("UP", "paused by an operator"));
    }

    @Test
    void unknownBeforeItsFirstCycleAndWhileDisabled() {
        assertThat(PairHealth.of(new PairHealth.Facts(true, true, null, false, false, 0, NOW - 1_000, 5_000, null), NOW))
                .isEqualTo(new PairHealth("UNKNOWN", "no cycle yet"));
        assertThat(PairHealth.of(new PairHealth.Facts(true, true, null, false, false, 0, NOW - 16_000, 5_000, null), NOW))
                .isEqualTo(new PairHealth("DOWN", "no cycle for 16 s (expected every 5 s)"));
        assertThat(health(false, false, null, false, 0, null)).isEqualTo(new PairHealth("UNKNOWN", "disabled"));
    }

    @Test
    void intervalsReadAsAPersonWouldSayThem() {
        assertThat(PairHealth.seconds(200)).isEqualTo("0.2 s");
        assertThat(PairHealth.seconds(5_000)).isEqualTo("5 s");
        assertThat(PairHealth.seconds(300_000)).isEqualTo("5 min");
    }
}
