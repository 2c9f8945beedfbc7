package io.leadsync.dashboard;

import java.util.Map;

import io.leadsync.dryrun.DryRun;
import io.leadsync.state.DeadLetterStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does to a pair through the dashboard (POST, after {@link OperatorAccess#check}), bound as
 * {@code pairActions}. Each logs one INFO line naming the action, the pair and its target, and answers
 * {"ok":true,"message":...}; an unknown pair, dead letter or hold is {@link PairDirectory.NotFound} (404).
 * Whatever needs a cycle gets one at the pair's next tick (its cadence is woken), paused or not only for
 * "sync now".
 */
public final class PairActions {

    private static final Logger LOG = LoggerFactory.getLogger(PairActions.class);

    private final PairDirectory pairs;
    private final DeadLetterStore deadLetters;
    private final DryRun dryRun;

    public PairActions(PairDirectory pairs, DeadLetterStore deadLetters, DryRun dryRun) {
        this.pairs = pairs;
        this.deadLetters = deadLetters;
        this.dryRun = dryRun;
    }

    public Map<String, Object> pause(@Header("pair") String pair) {
        PairControls p = pairs.pair(pair);
        boolean done = p.cadence().pause();
        return done(p, "pause", "the pair", done ? "paused: no cycle runs until it is resumed" : "paused already");
    }

    public Map<String, Object> resume(@Header("pair") String pair) {
        PairControls p = pairs.pair(pair);
        boolean done = p.cadence().resume();
        return done(p, "resume", "the pair", done ? "resumed" : "not paused");
    }

    public Map<String, Object> syncNow(@Header("pair") String pair) {
        PairControls p = pairs.pair(pair);
        p.cadence().syncNow();
        return done(p, "sync now", "the pair", "a cycle runs at the next tick");
    }

    /**
     * A dry run of the pair now: its next cycle (at the next tick, even while paused) reads both sides in full and
     * plans, writing nothing anywhere; the plan becomes the pair's preview. Pause the pair first to see what its
     * next real cycle would do before it does it.
     */
    public Map<String, Object> dryRun(@Header("pair") String pair) {
        PairControls p = pairs.pair(pair);
        dryRun.ask(p.name());
        p.sync().cycle().readAllNext();
        p.cadence().syncNow();
        return done(p, "dry run", "the pair", "the next cycle reads both sides and plans, writing nothing; its plan"
                + " is the preview");
    }

    /**
     * One dead letter retried: released from quarantine, and the next cycle (soon) is a full read that plans its
     * record again.
     */
    public Map<String, Object> retry(@Header("pair") String pair, @Header("id") String id) {
        PairControls p = pairs.pair(pair);
        if (!deadLetters.release(p.name(), id)) {
            throw new PairDirectory.NotFound("no dead letter '" + id + "' of pair '" + p.name() + "'");
        }
        readAllSoon(p);
        return done(p, "retry", "dead letter " + id, "released: the next cycle reads everything and tries it again");
    }

    /** Every dead letter of the pair retried, as {@link #retry} does one. */
    public Map<String, Object> retryAll(@Header("pair") String pair) {
        PairControls p = pairs.pair(pair);
        int released = deadLetters.releaseAll(p.name());
        readAllSoon(p);
        return done(p, "retry all", "its dead letters", released
                + " released: the next cycle reads everything and tries them again");
    }

    /** The pending hold approved, through the safety rail's own approval: applied once by the next cycle. */
    public Map<String, Object> approve(@Header("pair") String pair, @Header("id") String id) {
        PairControls p = pairs.pair(pair);
        if (!p.sync().rail().approve(id)) {
            throw new PairDirectory.NotFound("no pending hold '" + id + "' of pair '" + p.name() + "'");
        }
        p.cadence().runSoon();
        return done(p, "approve", "hold " + id, "approved: the next cycle applies what of it still applies, once");
    }

    /** The pending hold discarded, through the safety rail's own discard: its removals are dropped for good. */
    public Map<String, Object> discard(@Header("pair") String pair, @Header("id") String id) {
        PairControls p = pairs.pair(pair);
        if (!p.sync().rail().discard(id)) {
            throw new PairDirectory.NotFound("no pending hold '" + id + "' of pair '" + p.name() + "'");
        }
        p.cadence().runSoon();
        return done(p, "discard", "hold " + id, "discarded: those leads and items are left as they are");
    }

    /**
     * A linked lead and its item decided again, in the next cycle (soon, a full read), as if their shadow were lost:
     * per field, what differs between them is a conflict the policies decide.
     */
    public Map<String, Object> resync(@Header("pair") String pair, @Header("record") String record) {
        PairControls p = pairs.pair(pair);
        if (!p.sync().resync(record)) {
            throw new PairDirectory.NotFound("no linked lead '" + record + "' in pair '" + p.name() + "'");
        }
        p.cadence().runSoon();
        return done(p, "resync", "lead " + record, "the next cycle decides it and its item again, field by field");
    }

    private static void readAllSoon(PairControls p) {
        p.sync().cycle().readAllNext();
        p.cadence().runSoon();
    }

    private static Map<String, Object> done(PairControls pair, String action, String target, String outcome) {
        LOG.info("operator: {} on pair {} ({}): {}", action, pair.name(), target, outcome);
        return Map.of("ok", true, "message", action + " " + pair.name() + ": " + outcome);
    }
}
