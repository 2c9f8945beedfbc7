package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A card archived in Trello unlinks its lead; restoring it relinks, between two full reconciliations too. */
class RestoredCardTest {

    @TempDir
    Path dataDir;
    Sandboxes sandboxes = new Sandboxes(43);
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.close();
        }
        sandboxes.close();
    }

    /**
     * Campaign (ClickUp/Trello, restore op): the relinked link had no lead status yet and, with the lead not in
     * an incremental read, every cycle failed on it ("status 'null' is not in the mapping") until the next
     * full reconciliation, an hour later by default: nothing else synced meanwhile.
     */
    @Test
    void restoringACardRelinksItAndTheRestKeepsSyncing() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW -> TODO
        String alan = sandboxes.leadId("Alan Turing");
        app = new LeadsyncRun(sandboxes, dataDir).start(); // full reconciliation only at start-up (1 h default)
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.control().archiveCard(card);
        app.awaitCycles("trello", 3);
        sandboxes.trello.control().unarchiveCard(card);
        sandboxes.trello.control().moveCard(card, "DONE");
        app.awaitCycles("trello", 3);

        sandboxes.setLead(alan, "Status", "QUALIFIED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
            assertThat(sandboxes.cardOf(ada).listName()).as("relinked: the lead's list wins").isEqualTo("TODO");
        });
        assertThat(sandboxes.status(ada)).isEqualTo("NEW");
    }
}
