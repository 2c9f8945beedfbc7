package io.leadsync.campaign;

import java.util.regex.Pattern;

/** The sync as a campaign drives it: in-process (Camel Main) or the fat jar as a child process. */
interface SyncUnderTest extends AutoCloseable {

    void start() throws Exception;

    /** A normal stop: in-flight work completes. */
    void stop();

    /** An abrupt stop in the middle of whatever the sync is doing. */
    void crash();

    /** What {@link #crash()} does, for the report ("in-process forced stop", "kill -9"). */
    String crashKind();

    /** The pair's cycles so far (over all starts) that read both sides: only those can have seen an edit. */
    int cyclesCompleted(String pair);

    /** Waits until every pair has completed {@code cycles} more cycles; throws AssertionError when one stalls. */
    void awaitCycles(int cycles);

    /** Its log lines that match {@code records} (the record ids a violation names), for the failure report. */
    String logAbout(Pattern records);

    @Override
    default void close() {
        stop();
    }
}
