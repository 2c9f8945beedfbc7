package io.leadsync.campaign;

import java.util.ArrayList;
import java.util.List;

/** What happened in a scenario, in order, with the time since it started: printed with any violation. */
final class OpLog {

    private final long start = System.currentTimeMillis();
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String what) {
        lines.add(String.format("%+7dms %s", System.currentTimeMillis() - start, what));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public synchronized String toString() {
        return String.join(System.lineSeparator(), lines);
    }
}
