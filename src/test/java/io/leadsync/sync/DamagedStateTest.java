package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/** A link journal damaged in the middle: start-up names it; move-aside rebuilds from the cross-references. */
class DamagedStateTest extends SyncScenario {

    DamagedStateTest() {
        super(53);
    }

    @Test
    void aDamagedLinkJournalIsNamedAndMoveAsideRebuildsTheLinksWithoutDuplicates() throws Exception {
        app = sync().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 2);
        app.stop();
        Path journal = dataDir.resolve("trello-links.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
        lines.set(lines.size() / 2, "\u001b[31m{\"t\":\"link\",\"link\":{\"recordId\"\u0000");
        Files.write(journal, lines, StandardCharsets.UTF_8);
        int created = sandboxes.trello.calls("POST /1/cards");

        assertThatThrownBy(() -> sync().start()).hasStackTraceContaining(journal + " line " + (lines.size() / 2 + 1)
                + " is damaged").hasStackTraceContaining("leadsync.state.on-corrupt=move-aside");
        app.stop();

        app = sync().with("leadsync.state.on-corrupt", "move-aside").start();
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.trello.calls("POST /1/cards")).as("no card created again").isEqualTo(created);
        assertThat(sandboxes.openCardsByLead().values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("trello-links.jsonl.damaged-"));
        }
        assertThat(Files.readString(journal)).as("links rebuilt from the markers").contains("\"t\":\"link\"");
    }
}
