package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;

import org.junit.jupiter.api.Test;

/** The declared policies for both-sides edits, deletions and restores, as the README describes them. */
class ConflictsAndDeletionsTest extends SyncScenario {

    ConflictsAndDeletionsTest() {
        super(47);
    }

    private void startSync(String... properties) throws Exception {
        app = new LeadsyncRun(sandboxes, dataDir);
        for (int i = 0; i < properties.length; i += 2) {
            app.with(properties[i], properties[i + 1]);
        }
        app.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 1);
    }

    private String audit() throws Exception {
        Path file = dataDir.resolve("audit.jsonl");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void bothSidesChangedTheStatusAndTheLatestEditWins() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, card in TODO
        startSync("leadsync.poll-interval", "1500");
        app.awaitCycles("trello", 1);
        sandboxes.setLead(ada, "Status", "LOST");
        sandboxes.clock.shift(Duration.ofMillis(20)); // the card move is the later edit
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE");
        await().atMost(Duration.ofSeconds(15)).until(() -> "QUALIFIED".equals(sandboxes.status(ada)));
        assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("DONE");
        await().until(() -> audit().contains("\"event\":\"conflict\""));
        assertThat(audit()).contains(ada, "LOST", "DONE", "LATEST_WINS", "\"winner\":\"tracker\"");
    }

    @Test
    void withAirtableWinsTheLeadsStatusIsPushedBackToTheCard() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        startSync("leadsync.poll-interval", "1500", "leadsync.conflicts.status", "airtable-wins");
        app.awaitCycles("trello", 1);
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE");
        sandboxes.setLead(ada, "Status", "IN_PROGRESS");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("TODO"));
        app.awaitCycles("trello", 2);
        assertThat(sandboxes.status(ada)).isEqualTo("IN_PROGRESS");
        assertThat(audit()).contains("\"winner\":\"airtable\"", "AIRTABLE_WINS");
    }

    @Test
    void everyStepOfAnABAEditPropagates() throws Exception {
        String grace = sandboxes.leadId("Grace Hopper");
        startSync();
        for (String[] step : new String[][] {{"QUALIFIED", "DONE"}, {"NEW", "TODO"}, {"QUALIFIED", "DONE"}}) {
            sandboxes.setLead(grace, "Status", step[0]);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(sandboxes.cardOf(grace).listName()).as("after %s", step[0]).isEqualTo(step[1]));
        }
    }

    @Test
    void aCardArchivedInTrelloLeavesTheLeadAloneAndUnlinksItUntilTheCardIsRestored() throws Exception {
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED
        startSync();
        String card = sandboxes.cardOf(alan).id();
        sandboxes.trello.control().archiveCard(card);
        await().until(() -> audit().contains("item-archived"));
        sandboxes.setLead(alan, "Status", "QUALIFIED");
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.openCardsByLead()).doesNotContainKey(alan);
        assertThat(sandboxes.status(alan)).isEqualTo("QUALIFIED");

        sandboxes.trello.control().unarchiveCard(card); // back in TODO, where it was archived from
        await().until(() -> audit().contains("restored"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(alan).listName()).as("follows the lead again").isEqualTo("DONE"));
        assertThat(sandboxes.cardOf(alan).id()).isEqualTo(card);
        assertThat(sandboxes.status(alan)).isEqualTo("QUALIFIED");
    }

    @Test
    void aCardDeletedInTrelloCanSetAConfiguredStatus() throws Exception {
        String katherine = sandboxes.leadId("Katherine Johnson");
        startSync("leadsync.deletions.item-gone", "set-status", "leadsync.deletions.item-gone-status", "LOST");
        sandboxes.trello.control().deleteCard(sandboxes.cardOf(katherine).id());
        await().atMost(Duration.ofSeconds(10)).until(() -> "LOST".equals(sandboxes.status(katherine)));
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.openCardsByLead()).doesNotContainKey(katherine);
        assertThat(audit()).contains("item-deleted", katherine);
    }

    @Test
    void aLeadDeletedInAirtableGetsItsCardArchivedAtTheNextReconciliation() throws Exception {
        String barbara = sandboxes.leadId("Barbara Liskov");
        startSync();
        sandboxes.airtable.deleteRecord(Sandboxes.BASE, Sandboxes.TABLE, barbara);
        sandboxes.clock.shift(Duration.ofHours(1)); // the next reconciliation (leadsync.reconcile-interval)
        await().atMost(Duration.ofSeconds(15)).until(() -> !sandboxes.openCardsByLead().containsKey(barbara));
        assertThat(sandboxes.openCardsByLead()).hasSize(7);
        assertThat(audit()).contains("lead-deleted", barbara);
    }
}
