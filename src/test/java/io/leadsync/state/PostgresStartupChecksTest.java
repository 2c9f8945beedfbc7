package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.LeadsyncProcess.Outcome;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Postgres;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * leadsync.state=postgresql with a database that cannot be used ends start-up with one line that says what to fix,
 * exit code 2, and never shows the password.
 */
class PostgresStartupChecksTest extends SyncScenario {

    @TempDir
    Path workDir;

    PostgresStartupChecksTest() {
        super(33);
    }

    private Outcome start(Map<String, String> postgres, String... args) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(LeadsyncRun.testProperties(sandboxes, dataDir));
        properties.putAll(postgres);
        return LeadsyncProcess.onTestClasspath(workDir, properties, args).awaitExit();
    }

    private static void assertOneLine(Outcome outcome, String password, String... saying) {
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(2);
        assertThat(outcome.output()).doesNotContain(password);
        assertThat(outcome.lines()).as(outcome.output())
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:"))
                .filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                .contains("leadsync cannot start: ").contains(saying);
    }

    @Test
    void noUrlIsOneLineNamingTheSetting() throws Exception {
        assertOneLine(start(Map.of("leadsync.state", "postgresql", "leadsync.postgresql.password", "s3cret-none")),
                "s3cret-none", "leadsync.postgresql.url", "jdbc:postgresql://");
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/leadsync";
        assertOneLine(start(Map.of("leadsync.state", "postgresql", "leadsync.postgresql.url", url,
                        "leadsync.postgresql.user", "leadsync", "leadsync.postgresql.password", "s3cret-away")),
                "s3cret-away", url + " cannot be reached", "leadsync.postgresql.url");
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheCredentialsVariablesButNotThePassword() throws Exception {
        Map<String, String> wrong = new LinkedHashMap<>(Postgres.server().newDatabase().properties());
        wrong.put("leadsync.postgresql.password", "wrong-pw-8812");
        assertOneLine(start(wrong), "wrong-pw-8812", "refused user 'postgres'", "LEADSYNC_POSTGRESQL_USER",
                "LEADSYNC_POSTGRESQL_PASSWORD");
    }

    @Test
    void migratingIntoADatabaseThatHoldsStateIsRefused() throws Exception {
        Postgres.Database db = Postgres.server().newDatabase();
        try (PostgresStateStorage storage = PostgresStateStorage.connect(db.url(), db.user(), db.password(), 1, "db")) {
            storage.journal("trello-links.jsonl").append("{}");
        }
        assertOneLine(start(db.properties(), "--migrate-state"), Postgres.PASSWORD,
                "--migrate-state copies into an empty database only", "already holds leadsync state",
                "nothing was copied");
    }
}
