package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import io.leadsync.mapping.ItemTemplate;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/** A lead longer than Trello takes gets a card all the same: cut visibly, audited, and not rewritten every cycle. */
class OversizedLeadTest extends SyncScenario {

    OversizedLeadTest() {
        super(41);
    }

    @Test
    void aTwentyThousandCharacterLeadGetsACutCardOnceAndNoLongLogLine() throws Exception {
        String lead = sandboxes.airtable.createRecord(Sandboxes.BASE, Sandboxes.TABLE, Map.of("Name",
                "Big " + "n".repeat(20_000), "Description", "d".repeat(30_000), "Status", "NEW"));
        try (LogCapture log = LogCapture.start()) {
            app = sync().start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().containsKey(lead));
            app.awaitCycles("trello", 2);
            int writes = sandboxes.trello.calls("PUT") + sandboxes.trello.calls("POST");
            app.awaitCycles("trello", 3);
            assertThat(sandboxes.trello.calls("PUT") + sandboxes.trello.calls("POST"))
                    .as("what was written is what the shadow holds: nothing to rewrite").isEqualTo(writes);
            assertThat(log.text().lines()).allSatisfy(l -> assertThat(l.length()).isLessThan(1_000));
        }
        CardSnapshot card = sandboxes.cardOf(lead);
        assertThat(card.name()).hasSize(16_384).endsWith(ItemTemplate.CUT);
        assertThat(card.desc()).contains(ItemTemplate.CUT).contains(ItemTemplate.marker(lead));
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"truncated\"", lead,
                "name cut from 20004 to 16384 characters");
    }
}
