package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Postgres;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/**
 * leadsync.state=postgresql end to end, against the emulators: the state lives in the database (a restart there
 * writes nothing again), --migrate-state carries a files run's state over without a re-sync, and a database that
 * goes away stops the writes until it is back, with one line each way.
 */
class PostgresStateEndToEndTest extends SyncScenario {

    private final Postgres.Database db = Postgres.server().newDatabase();

    PostgresStateEndToEndTest() {
        super(29);
    }

    private LeadsyncRun onPostgres() {
        LeadsyncRun run = sync();
        db.properties().forEach(run::with);
        return run;
    }

    private long expectedCards() {
        return sandboxes.leads().stream().filter(l -> l.field("Status") != null && !"LOST".equals(l.field("Status")))
                .count();
    }

    private void awaitSynced() {
        long cards = expectedCards();
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == cards);
        app.awaitCycles("trello", 2);
    }

    private static int writes(EmulatorServer service) {
        return service.calls().entrySet().stream().filter(e -> !e.getKey().startsWith("GET "))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private void resetCalls() {
        sandboxes.airtable.resetCalls();
        sandboxes.trello.resetCalls();
    }

    @Test
    void aRestartOnTheDatabaseCarriesOnWithoutWritingAgain() throws Exception {
        app = onPostgres().start();
        awaitSynced();
        app.crash();
        resetCalls();

        app = onPostgres().start();
        app.awaitCycles("trello", 3);

        assertThat(writes(sandboxes.trello)).as("Trello writes after the restart").isZero();
        assertThat(writes(sandboxes.airtable)).as("Airtable writes after the restart").isZero();
        assertThat(sandboxes.openCardsByLead().values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
        assertThat(dataDir.resolve("trello-links.jsonl")).as("no link file: the links are in the database")
                .doesNotExist();
    }

    @Test
    void migratingAFilesRunsStateCarriesOnWithoutResyncing() throws Exception {
        app = sync().start();
        awaitSynced();
        app.stop();
        assertThat(dataDir.resolve("trello-links.jsonl")).exists();

        LeadsyncRun migrate = onPostgres().with("leadsync.migrate-state", "true");
        try (LogCapture log = LogCapture.start()) {
            assertThatThrownBy(migrate::start).hasStackTraceContaining("--migrate-state: copied ");
            migrate.stop();
        }
        resetCalls();
        app = onPostgres().start();
        app.awaitCycles("trello", 3);

        assertThat(sandboxes.trello.calls("POST /1/cards")).as("cards created again").isZero();
        assertThat(writes(sandboxes.trello)).as("Trello writes on the migrated state").isZero();
        assertThat(writes(sandboxes.airtable)).as("Airtable writes on the migrated state").isZero();
    }

    @Test
    void whileTheDatabaseIsAwayNothingIsWrittenAndOnceBackTheEditsSync() throws Exception {
        app = onPostgres().start();
        awaitSynced();
        List<String> leads = sandboxes.leads().stream().filter(l -> "NEW".equals(l.field("Status")))
                .limit(2).map(l -> l.id()).toList();
        assertThat(leads).hasSize(2);
        String listBefore = sandboxes.cardOf(leads.get(0)).idList();
        try (LogCapture log = LogCapture.start()) {
            Postgres.server().stop();
            try {
                resetCalls();
                leads.forEach(l -> sandboxes.setLead(l, "Status", "QUALIFIED"));
                app.awaitCycles("trello", 3);
                assertThat(writes(sandboxes.trello)).as("Trello writes while the state cannot be stored").isZero();
                assertThat(leads).allSatisfy(l -> assertThat(sandboxes.cardOf(l).idList()).isEqualTo(listBefore));
            } finally {
                Postgres.server().start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> leads.stream()
                    .noneMatch(l -> sandboxes.cardOf(l).idList().equals(listBefore)));
            app.awaitCycles("trello", 1);

            assertThat(log.text().lines().filter(l -> l.contains("cannot be reached"))).as(log.text()).hasSize(1);
            assertThat(log.text().lines().filter(l -> l.contains("is back after"))).as(log.text()).hasSize(1);
            assertThat(log.text()).doesNotContain("StateUnavailableException").doesNotContain(Postgres.PASSWORD)
                    .as("the change after the one refused is not started, nor dead-lettered")
                    .doesNotContain("not synced:");
        }
        assertThat(sandboxes.openCardsByLead().values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
    }

    /**
     * A dry run on the shared state plans from a copy of it: the moves a change calls for and no create (the links are
     * the database's), nothing written to the database, and no part taken in the cluster's elections.
     */
    @Test
    void aDryRunOnTheDatabasePlansFromItsStateWritesNoneAndJoinsNoElection() throws Exception {
        app = onPostgres().start();
        awaitSynced();
        app.stop();
        String lead = sandboxes.leads().stream().filter(l -> "NEW".equals(l.field("Status"))).findFirst()
                .orElseThrow().id();
        sandboxes.setLead(lead, "Status", "QUALIFIED");
        Map<String, List<String>> stored = stored();
        java.nio.file.Path elections = Files.createTempDirectory("leadsync-elections");
        java.nio.file.Path report = Files.createTempFile("leadsync-plan", ".json");

        LeadsyncRun dryRun = onPostgres().with("leadsync.dry-run", "true")
                .with("leadsync.dry-run.report", report.toString())
                .with("leadsync.cluster", "file").with("leadsync.cluster.file.root", elections.toString());
        dryRun.start();
        dryRun.awaitStoppedByItself();
        dryRun.stop();

        com.fasterxml.jackson.databind.JsonNode preview = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(report.toFile()).path("previews").path("trello");
        assertThat(preview.path("moves").findValuesAsText("record")).containsExactly(lead);
        assertThat(preview.path("creates")).as("the links were read from the database").isEmpty();
        assertThat(stored()).as("every journal in the database, line for line").isEqualTo(stored);
        try (var entries = Files.list(elections)) {
            assertThat(entries).as("locks taken in the elections' folder").isEmpty();
        }
    }

    /** Every journal the database holds, by name. */
    private Map<String, List<String>> stored() {
        try (PostgresStateStorage storage = PostgresStateStorage.connect(db.url(), db.user(), db.password(), 1,
                "PostgreSQL test")) {
            Map<String, List<String>> journals = new java.util.TreeMap<>();
            storage.journals().forEach(name -> journals.put(name, storage.journal(name).load()));
            return journals;
        }
    }
}
