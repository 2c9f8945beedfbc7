package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name and description are Airtable's; an edit on the card is kept until Airtable changes that field. */
class ContentConflictTest {

    @TempDir
    Path dataDir;
    Sandboxes sandboxes = new Sandboxes(41);
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.close();
        }
        sandboxes.close();
    }

    /**
     * Campaign seed trello:1: a card rename was kept, then silently reverted by the next read of the lead (the
     * shadow had taken the card's name, so Airtable's unchanged name looked like an Airtable edit).
     */
    @Test
    void aCardRenameIsKeptUntilAirtableChangesTheNameAndThenLosesARecordedConflict() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        app = new LeadsyncRun(sandboxes, dataDir).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.control().renameCard(card, "Ada (VIP)");
        app.awaitCycles("trello", 3);
        app.restart(); // a full read sees the lead again
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada (VIP)");
        assertThat(sandboxes.trello.calls("PUT")).as("nothing pushed back").isZero();

        sandboxes.setLead(ada, "Email", "ada@lovelace.example"); // another field: the card's name stays
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).desc()).contains("Email: ada@lovelace.example"));
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada (VIP)");

        sandboxes.setLead(ada, "Name", "Ada King"); // the same field: Airtable wins, and the loss is recorded
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada King"));
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"name\",\"airtable\":\"Ada King\",\"tracker\":\"Ada (VIP)\"", "\"winner\":\"airtable\"");
    }
}
