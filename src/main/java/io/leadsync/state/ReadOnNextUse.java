package io.leadsync.state;

/**
 * A shared store's memory, read again from the storage on its next use once {@link #reload()} asked for it: a node
 * taking the lead of many pairs at once asks for each, and the store reads once. Stale until a read succeeds (the
 * state database may refuse it). Not thread-safe: its store calls it under its own lock.
 */
final class ReadOnNextUse {

    private final Runnable read;
    private boolean stale;

    ReadOnNextUse(Runnable read) {
        this.read = read;
    }

    void reload() {
        stale = true;
    }

    /** Reads now if a reload was asked for since the last read. */
    void fresh() {
        if (stale) {
            read.run();
            stale = false;
        }
    }
}
