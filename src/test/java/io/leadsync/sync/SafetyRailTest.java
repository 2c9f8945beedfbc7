package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/**
 * The safety rail end to end: a board emptied under the sync (replaced, or a token for another account) unlinks
 * nothing until a person approves, and the approval is applied once. The sandbox has 8 cards: the limit is set to
 * 3 removals and 20 % of the links.
 */
class SafetyRailTest extends SyncScenario {

    SafetyRailTest() {
        super(53);
    }

    private long unlinkEvents() throws Exception {
        Path audit = dataDir.resolve("audit.jsonl");
        return Files.exists(audit) ? Files.readAllLines(audit).stream()
                .filter(l -> l.contains("\"event\":\"item-")).count() : 0;
    }

    @Test
    void wipingEveryCardOfABoardUnlinksNothingUntilApprovedAndThenOnce() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.safety.max-removals", "3").start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
            app.awaitCycles("trello", 1);

            app.stop(); // all at once, as a replaced board or a token for another account looks at start-up
            for (CardSnapshot card : sandboxes.trello.control().cards(sandboxes.boardId())) {
                sandboxes.trello.control().deleteCard(card.id());
            }
            app.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.text().contains("HOLDING 8 removal(s)"));
            assertThat(logs.text()).contains("8 of 8 linked items are gone from Trello board 'Work Tracker'");
            String fresh = sandboxes.addLead("During The Hold", "NEW");
            await("everything else keeps syncing").atMost(Duration.ofSeconds(20))
                    .until(() -> sandboxes.openCardsByLead().containsKey(fresh));
            app.awaitCycles("trello", 3);
            assertThat(unlinkEvents()).as("nothing unlinked before the approval").isZero();

            Matcher approve = Pattern.compile("echo (\\w+) > (\\S+-approve)").matcher(logs.text());
            assertThat(approve.find()).isTrue();
            app.restart(); // the hold survives a restart
            Files.writeString(Path.of(approve.group(2)), approve.group(1) + "\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> unlinkEvents() == 8);
            app.awaitCycles("trello", 3);
            assertThat(unlinkEvents()).as("applied once").isEqualTo(8);
            assertThat(Path.of(approve.group(2))).doesNotExist();
            assertThat(sandboxes.openCardsByLead()).as("the unlink policy leaves the leads alone")
                    .containsOnlyKeys(fresh);
        }
    }
}
