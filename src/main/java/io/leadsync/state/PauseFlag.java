package io.leadsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether an operator paused a pair, kept as the file {@code <data>/<pair>-paused} so that a restart stays paused
 * (it holds only the time it was paused, for people). Removing the file by hand resumes the pair at its next start.
 */
public final class PauseFlag {

    private final Path file;
    private boolean raised;

    public PauseFlag(String dataDir, String pair) {
        this.file = Path.of(dataDir, pair + "-paused");
        this.raised = Files.exists(file);
    }

    public synchronized boolean raised() {
        return raised;
    }

    /** Raises the flag; false when it was raised already. */
    public synchronized boolean raise(String since) {
        if (raised) {
            return false;
        }
        try {
            Files.writeString(file, since + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": make the data directory writable", e);
        }
        raised = true;
        return true;
    }

    /** Lowers the flag; false when it was not raised. */
    public synchronized boolean lower() {
        if (!raised) {
            return false;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + file + ": make the data directory writable", e);
        }
        raised = false;
        return true;
    }
}
