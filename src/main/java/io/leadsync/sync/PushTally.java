package io.leadsync.sync;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import io.leadsync.change.Change;

/**
 * What one cycle's pushes left behind, in the exchange property {@value #PROPERTY}: the split hands each change a
 * copy of the exchange's properties, so the push steps report into this one object, and the cycle's last step
 * reads it.
 */
final class PushTally {

    static final String PROPERTY = "pushTally";

    /** Failed, or the target changed meanwhile: the same window is read again. */
    final Set<Change> retryable = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Left for the next run by a stop. */
    final Set<Change> notStarted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** A write-back failed: no other is tried before the end of the cycle. */
    boolean writeBackFailed;
    /** How many changes the cycle planned. */
    int planned;
    private Progress progress;

    synchronized void planned(int changes) {
        planned = changes;
        progress = new Progress(changes);
    }

    synchronized void pushed() {
        if (progress != null) {
            progress.step();
        }
    }
}
