package io.leadsync.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A pair's last {@value #KEPT} cycles that did something (newest first), and how many were idle. */
final class RunHistory {

    static final int KEPT = 50;

    /**
     * One cycle as the dashboard lists it: when it started, how long it took, its read, the changes applied by kind,
     * the changes that failed, and why the cycle was skipped (its read or decision failed), or null.
     */
    record Run(String started, long millis, String read, int created, int moved, int updated, int archived,
               int leadWrites, int failed, String error) {

        /** An incremental cycle that found nothing to do and failed at nothing. */
        boolean idle() {
            return "incremental".equals(read) && created + moved + updated + archived + leadWrites + failed == 0
                    && error == null;
        }
    }

    private final Deque<Run> runs = new ArrayDeque<>();
    private long idle;

    synchronized void add(Run run) {
        if (run.idle()) {
            idle++;
            return;
        }
        runs.addFirst(run);
        if (runs.size() > KEPT) {
            runs.removeLast();
        }
    }

    synchronized List<Run> runs() {
        return new ArrayList<>(runs);
    }

    synchronized long idle() {
        return idle;
    }
}
