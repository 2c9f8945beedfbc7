package io.leadsync.observe;

import java.time.Duration;

/**
 * A pair's health as its check and the dashboard show it: UP, DOWN or UNKNOWN, and why, in one line. A pure
 * decision ({@link #of}): ready when the pair is enabled, connected, and a cycle of it ended (or its push got on)
 * within three of its current intervals; or paused by an operator, or led by another node of the cluster: a
 * decision, not a failure, so no alert fires.
 */
public record PairHealth(String state, String reason) {

    /** How many intervals may pass without a cycle before the pair counts as down. */
    static final int INTERVALS = 3;

    /** What the decision reads. */
    record Facts(boolean enabled, boolean connected, String notConnectedBecause, boolean paused,
                 boolean ledElsewhere, long lastActivity, long watchedSince, long intervalMillis, String lastFailure) {
    }

    static PairHealth of(Facts f, long now) {
        if (!f.enabled()) {
            return new PairHealth("UNKNOWN", "disabled");
        }
        if (!f.connected()) {
            return new PairHealth("DOWN", "not connected: " + (f.notConnectedBecause() == null ? "not tried yet"
                    : f.notConnectedBecause()));
        }
        if (f.paused()) {
            return new PairHealth("UP", "paused by an operator");
        }
        if (f.ledElsewhere()) {
            // another node of the cluster syncs it: this one is ready to take over, not failing
            return new PairHealth("UP", "led by another node");
        }
        long since = f.lastActivity() > 0 ? f.lastActivity() : f.watchedSince();
        long quiet = now - since;
        String failed = f.lastFailure() == null ? "" : "; the last one failed: " + f.lastFailure();
        if (quiet > INTERVALS * f.intervalMillis()) {
            return new PairHealth("DOWN", "no cycle for " + seconds(quiet) + " (expected every "
                    + seconds(f.intervalMillis()) + ")" + failed);
        }
        if (f.lastActivity() == 0) {
            return new PairHealth("UNKNOWN", "no cycle yet" + failed);
        }
        return new PairHealth("UP", "last cycle " + seconds(quiet) + " ago (every " + seconds(f.intervalMillis())
                + ")");
    }

    /** "47 s", "0.2 s", "5 min". */
    static String seconds(long millis) {
        if (millis >= 120_000 && millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis >= 10_000) {
            return Duration.ofMillis(millis).toSeconds() + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0).replace(".0 s", " s");
    }
}
