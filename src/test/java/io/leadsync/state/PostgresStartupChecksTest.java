package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.LeadsyncProcess.Outcome;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Postgres;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * leadsync.state=postgresql with a database that cannot be used stops start-up with a message that says what to
 * fix, and never shows the password; as a process (the migration refused, here), that is one line and exit code 2,
 * as every start-up refusal is (StartupMessagesTest).
 */
class PostgresStartupChecksTest extends SyncScenario {

    @TempDir
    Path workDir;

    PostgresStartupChecksTest() {
        super(33);
    }

    /** Starts leadsync in this JVM on {@code postgres}: the refusal's messages, the password nowhere in them or the log. */
    private void refused(Map<String, String> postgres, String password, String... saying) {
        app = new LeadsyncRun(sandboxes, dataDir);
        postgres.forEach(app::with);
        try (LogCapture log = LogCapture.start()) {
            assertThatThrownBy(app::start).satisfies(e -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    messages.append(t).append('\n');
                }
                assertThat(messages.toString()).contains(saying).doesNotContain(password);
            });
            assertThat(log.text()).doesNotContain(password);
        }
    }

    @Test
    void noUrlNamesTheSetting() {
        refused(Map.of("leadsync.state", "postgresql", "leadsync.postgresql.password", "s3cret-none"),
                "s3cret-none", "leadsync.postgresql.url", "jdbc:postgresql://");
    }

    @Test
    void anUnreachableDatabaseNamesTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/leadsync";
        refused(Map.of("leadsync.state", "postgresql", "leadsync.postgresql.url", url,
                        "leadsync.postgresql.user", "leadsync", "leadsync.postgresql.password", "s3cret-away"),
                "s3cret-away", url + " cannot be reached", "leadsync.postgresql.url");
    }

    @Test
    void aWrongPasswordNamesTheCredentialsVariablesButNotThePassword() {
        Map<String, String> wrong = new LinkedHashMap<>(Postgres.server().newDatabase().properties());
        wrong.put("leadsync.postgresql.password", "wrong-pw-8812");
        refused(wrong, "wrong-pw-8812", "refused user 'postgres'", "LEADSYNC_POSTGRESQL_USER",
                "LEADSYNC_POSTGRESQL_PASSWORD");
    }

    @Test
    void migratingIntoADatabaseThatHoldsStateIsOneLineAndExitCode2() throws Exception {
        Postgres.Database db = Postgres.server().newDatabase();
        try (PostgresStateStorage storage = PostgresStateStorage.connect(db.url(), db.user(), db.password(), 1, "db")) {
            storage.journal("trello-links.jsonl").append("{}");
        }
        Map<String, String> properties = new LinkedHashMap<>(LeadsyncRun.testProperties(sandboxes, dataDir));
        properties.putAll(db.properties());
        Outcome outcome = LeadsyncProcess.onTestClasspath(workDir, properties, "--migrate-state").awaitExit();

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(2);
        assertThat(outcome.output()).doesNotContain(Postgres.PASSWORD);
        assertThat(outcome.lines()).as(outcome.output())
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))
                .filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                .contains("leadsync cannot start: ", "--migrate-state copies into an empty database only",
                        "already holds leadsync state", "nothing was copied");
    }
}
