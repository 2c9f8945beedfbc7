package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import io.leadsync.state.DataDirLock;
import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.LeadsyncProcess.Outcome;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start-up that cannot go on ends with one line that says what to fix and why, as the process a user starts
 * prints it: no stack trace (that is for DEBUG), no shutdown noise, exit code 2.
 */
class StartupMessagesTest extends SyncScenario {

    @TempDir
    Path workDir;

    StartupMessagesTest() {
        super(31);
    }

    private Outcome start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = new java.util.LinkedHashMap<>(LeadsyncRun.testProperties(sandboxes, dataDir));
        properties.putAll(overrides);
        return LeadsyncProcess.onTestClasspath(workDir, properties).awaitExit();
    }

    private static void assertOneUsefulLine(Outcome outcome, String... saying) {
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(2);
        assertThat(outcome.lines()).as(outcome.output())
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))
                .noneMatch(l -> l.contains("SIGTERM"))
                .filteredOn(l -> l.contains("ERROR")).hasSize(1)
                .first().asString().contains("leadsync cannot start: ").contains(saying);
    }

    @Test
    void aSecondLeadsyncOnTheSameDataDirectoryIsOneLineNamingTheFirst() throws Exception {
        // this JVM holds the directory, as a leadsync running from it would
        try (var held = new AutoCloseableLock(DataDirLock.acquire(dataDir, () -> true))) {
            assertOneUsefulLine(start(Map.of()), "is in use by another leadsync",
                    "pid " + ProcessHandle.current().pid(), "leadsync.data-dir");
        }
    }

    /** Releases the lock as its leadsync's stop would. */
    private record AutoCloseableLock(DataDirLock lock) implements AutoCloseable {
        @Override
        public void close() {
            lock.stop();
        }
    }

    @Test
    void anUnknownBoardIsOneLine() throws Exception {
        assertOneUsefulLine(start(Map.of("leadsync.trello.board", "Sales Pipeline")),
                "Trello board 'Sales Pipeline' not found", "Set leadsync.trello.board");
    }

    @Test
    void anUnreachableAirtableIsOneLineWithTheCause() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertOneUsefulLine(start(Map.of("leadsync.airtable.url", "http://127.0.0.1:" + closedPort)),
                "leadsync.airtable.url", "Connect");
    }

    @Test
    void aSandboxPortInUseNamesThePropertyToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertOneUsefulLine(start(Map.of("leadsync.sandbox", "true",
                    "leadsync.sandbox.airtable-port", String.valueOf(taken.getLocalPort()),
                    "leadsync.sandbox.trello-port", "0", "leadsync.sandbox.clickup-port", "0")),
                    "port " + taken.getLocalPort() + " is already in use", "leadsync.sandbox.airtable-port");
        }
    }
}
