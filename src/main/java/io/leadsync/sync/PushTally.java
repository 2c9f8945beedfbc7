package io.leadsync.sync;

import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.change.UpdateContent;
import io.leadsync.change.WriteBackIds;

/**
 * What one cycle's pushes left behind, in the exchange property {@value #PROPERTY}: the split hands each change a
 * copy of the exchange's properties, so the push steps report into this one object, and the cycle's last steps
 * read it (the cadence, the pair's watch: what was applied and what failed, by kind).
 */
public final class PushTally {

    public static final String PROPERTY = "pushTally";

    /** The kinds of change a push applies. */
    public enum Applied { CREATE, MOVE, UPDATE, ARCHIVE, LEAD_WRITE, WRITE_BACK }

    /** The kinds of failure sync-errors.camel.yaml tells apart (and a lead Airtable refused on its own). */
    public enum Failure { REFUSED, TRANSIENT, UNCERTAIN, CHANGED_MEANWHILE }

    /** Failed, or the target changed meanwhile: the same window is read again. */
    final Set<Change> retryable = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Left for the next run by a stop. */
    final Set<Change> notStarted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** A write-back failed: no other is tried before the end of the cycle. */
    boolean writeBackFailed;
    /** A change's state could not be stored: no further change is started this cycle. */
    private boolean stateLost;
    /** How many changes the cycle planned. */
    int planned;
    private final LongSupplier millis;
    /** When the cycle began (its first step made this tally). */
    private final long created;
    private final Map<Applied, Integer> applied = new EnumMap<>(Applied.class);
    private final Map<Failure, Integer> failed = new EnumMap<>(Failure.class);
    private long oldestPlanned;
    private String skippedBecause;
    private Progress progress;
    private boolean ended;

    public PushTally() {
        this(System::currentTimeMillis);
    }

    /** @param millis the time the progress's rate is measured in */
    public PushTally(LongSupplier millis) {
        this.millis = millis;
        this.created = millis.getAsLong();
    }

    /** The changes the cycle is to push. */
    public synchronized void planned(List<Change> changes) {
        planned = changes.size();
        oldestPlanned = changes.stream().mapToLong(Change::sourceModified).filter(t -> t > 0).min().orElse(0);
        progress = new Progress(planned, millis);
    }

    /** A change was applied (a write-back is no step of the progress: the creates it follows were). */
    public synchronized void applied(Change change) {
        applied.merge(kind(change), 1, Integer::sum);
        if (progress != null && !(change instanceof WriteBackIds)) {
            progress.step();
        }
    }

    /**
     * A change failed (or one lead of a batch was refused): the progress counts it as done. A transient failure
     * and a change made meanwhile are retried: the same window is read again.
     */
    public synchronized void failed(Failure kind, Change change) {
        failed.merge(kind, 1, Integer::sum);
        if (kind == Failure.TRANSIENT || kind == Failure.CHANGED_MEANWHILE) {
            retryable.add(change);
        }
        if (progress != null && !(change instanceof WriteBackIds)) {
            progress.step();
        }
    }

    /** Left for the next run by a stop. */
    public synchronized void notStarted(Change change) {
        notStarted.add(change);
    }

    /** Whether the state storage refused a change of this cycle (asked by the push's split before each change). */
    public synchronized boolean stateLost() {
        return stateLost;
    }

    synchronized void loseState(Change change) {
        stateLost = true;
        notStarted.add(change);
    }

    /** The read or the decision failed: nothing was pushed. */
    public synchronized void skipped(String reason) {
        skippedBecause = reason;
    }

    private static Applied kind(Change change) {
        if (change instanceof CreateItem) {
            return Applied.CREATE;
        } else if (change instanceof MoveItem) {
            return Applied.MOVE;
        } else if (change instanceof UpdateContent) {
            return Applied.UPDATE;
        } else if (change instanceof ArchiveItem) {
            return Applied.ARCHIVE;
        } else if (change instanceof SetLeadStatus) {
            return Applied.LEAD_WRITE;
        }
        return Applied.WRITE_BACK;
    }

    public synchronized int applied(Applied kind) {
        return applied.getOrDefault(kind, 0);
    }

    public synchronized int failed(Failure kind) {
        return failed.getOrDefault(kind, 0);
    }

    /** How many changes the cycle planned (0 when it was skipped). */
    public synchronized int planned() {
        return planned;
    }

    /** Why the cycle was skipped (its read or decision failed), or null. */
    public synchronized String skippedBecause() {
        return skippedBecause;
    }

    /**
     * When the oldest edit seen but not applied was made (0 when none): while the push runs, the oldest the plan
     * acts on; once it ended, the oldest of what failed and is retried or was left by a stop.
     */
    public synchronized long oldestUnapplied() {
        if (!ended) {
            return oldestPlanned;
        }
        return Stream.concat(retryable.stream(), notStarted.stream()).mapToLong(Change::sourceModified)
                .filter(t -> t > 0).min().orElse(0);
    }

    /** How far the push is while it runs; null before it planned anything and once the cycle ended. */
    public synchronized Progress.Status progress() {
        return progress == null || ended ? null : progress.status();
    }

    /** When the cycle last got on: a change done, the plan made, or (before the plan) the cycle began. */
    public synchronized long lastStep() {
        return progress == null ? created : progress.lastStep();
    }

    /** The cycle's last step saw it: no progress is shown any more. */
    public synchronized void ended() {
        ended = true;
    }
}
