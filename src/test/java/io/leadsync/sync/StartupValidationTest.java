package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.clickup.ClickUpSettings;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.RoutesCopy;

import io.leadsync.support.SyncScenario;
import org.assertj.core.api.AbstractThrowableAssert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors stop start-up with a message that says what to fix, and never show a secret. */
class StartupValidationTest extends SyncScenario {

    StartupValidationTest() {
        super(5);
    }

    @TempDir
    Path routesDir;

    private AbstractThrowableAssert<?, ? extends Throwable> startFails(LeadsyncRun run) {
        app = run;
        return assertThatThrownBy(run::start).satisfies(e -> assertThat(rootMessage(e))
                .doesNotContain(SandboxCredentials.TRELLO_TOKEN, SandboxCredentials.TRELLO_KEY, "not-a-token"));
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void anInvalidAirtableTokenIsNamed() {
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.airtable.token", "not-a-token"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("Airtable rejected the token (401)",
                        "AIRTABLE_TOKEN"));
    }

    @Test
    void anInvalidTrelloTokenIsNamed() {
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.token", "not-a-token"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("Trello rejected the credentials (invalid token)",
                        "TRELLO_TOKEN"));
    }

    @Test
    void aMissingTrelloKeySaysWhichVariableToSet() {
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.key", ""))
                .satisfies(e -> assertThat(rootMessage(e)).contains("leadsync.trello.key", "TRELLO_KEY"));
    }

    @Test
    void anUnknownBoardListsTheBoardsThere() {
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.board", "Sales Pipeline"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("Trello board 'Sales Pipeline' not found",
                        "Work Tracker"));
    }

    @Test
    void aListInTheMappingThatIsNotOnTheBoardIsNamed() throws Exception {
        RoutesCopy.of(routesDir).replace("trello.camel.yaml", "QUALIFIED: DONE", "QUALIFIED: Won");
        startFails(new LeadsyncRun(sandboxes, dataDir).with("camel.main.routes-include-pattern",
                "file:" + routesDir + "/*.camel.yaml"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("list 'Won' in the trello mapping does not exist",
                        "it has: TODO, DONE"));
    }

    @Test
    void aRecordFilterThatCannotBeReadIsNamedWithItsFile() throws Exception {
        RoutesCopy.of(routesDir).replace("trello.camel.yaml",
                "type: io.leadsync.mapping.StatusMapping\n      properties:",
                RecordFilterSyncTest.FILTER.replace("leavingFilter: archive", "leavingFilter: delete"));
        startFails(new LeadsyncRun(sandboxes, dataDir).with("camel.main.routes-include-pattern",
                "file:" + routesDir + "/*.camel.yaml"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("The trello mapping's leavingFilter is 'delete'; "
                        + "use leave or archive (routes/trello.camel.yaml)"));
    }

    @Test
    void aTableWithoutStatusFieldIsNamed() {
        replaceSandboxes(LeadsSeed.schema().stream().filter(f -> !f.name().equals("Status")).toList(),
                ClickUpSettings.defaults());
        startFails(new LeadsyncRun(sandboxes, dataDir))
                .satisfies(e -> assertThat(rootMessage(e)).contains("has no field 'Status'",
                        "leadsync.airtable.fields.status"));
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamedAtStartUp() throws Exception {
        // a path below a plain file cannot be created, even by root (for whom a read-only mode is no obstacle)
        Path blocked = java.nio.file.Files.createFile(routesDir.resolve("a-file")).resolve("data");
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.data-dir", blocked.toString()))
                .satisfies(e -> assertThat(rootMessage(e)).contains("The data directory " + blocked.toAbsolutePath()
                        + " is not writable", "leadsync.data-dir"));
    }

    @Test
    void anUnknownTrackerIsNamed() {
        startFails(new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "asana"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("'asana'", "trello, clickup"));
    }

    @Test
    void aTableWithoutLinkFieldStillSyncs() throws Exception {
        replaceSandboxes(LeadsSeed.schema().stream().filter(f -> !f.name().equals("Trello Card")).toList(),
                ClickUpSettings.defaults());
        app = new LeadsyncRun(sandboxes, dataDir).start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> sandboxes.openCardsByLead().size() == 8);
        assertThat(List.of(sandboxes.airtable.calls("PATCH"))).containsOnly(0);
    }
}
