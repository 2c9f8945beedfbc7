package io.leadsync.state;

import java.util.List;

/**
 * Whether an operator paused a pair, kept as the journal {@code <pair>-paused} so that a restart stays paused (it
 * holds only the time it was paused, for people). On files, removing {@code data/<pair>-paused} by hand resumes the
 * pair at its next start.
 */
public final class PauseFlag {

    private final StateStorage storage;
    private final String name;
    private final Journal journal;
    private boolean raised;

    public PauseFlag(String dataDir, String pair) {
        this(new FileStateStorage(dataDir), pair);
    }

    public PauseFlag(StateStorage storage, String pair) {
        this.storage = storage;
        this.name = pair + "-paused";
        this.journal = storage.journal(name);
        reload();
    }

    /** Reads the flag again from the storage (an operator may have paused the pair on another node). */
    public synchronized void reload() {
        raised = !journal.load().isEmpty();
    }

    public synchronized boolean raised() {
        return raised;
    }

    /** Raises the flag; false when it was raised already. */
    public synchronized boolean raise(String since) {
        if (raised) {
            return false;
        }
        journal.rewrite(List.of(since));
        raised = true;
        return true;
    }

    /** Lowers the flag; false when it was not raised. */
    public synchronized boolean lower() {
        if (!raised) {
            return false;
        }
        journal.close();
        storage.delete(List.of(name));
        raised = false;
        return true;
    }
}
