package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.Browser;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's side-by-side page in a real headless Chromium against leadsync running in sandbox mode: linked from
 * the dashboard only there, it shows the leads table beside the board, and a card a person moves on the board shows
 * in its new list, then the lead's new status in the table once leadsync carried it over. Saves
 * target/screenshots/sandbox.png.
 */
class SandboxPageBrowserTest {

    @TempDir
    Path dataDir;

    @Test
    void aCardMovedOnTheBoardShowsInItsNewListAndTheLeadFollowsInTheTable() throws Exception {
        try (LeadsyncRun app = LeadsyncRun.inSandboxMode(dataDir).withManagement().start();
             Browser browser = Browser.open()) {
            Sandboxes sandbox = Sandboxes.inside(app);
            browser.go(app.managementUrl() + "/");
            browser.click("[data-test=sandbox-link]");
            browser.until("the sandbox page", d -> d.getCurrentUrl().endsWith("/dashboard/sandbox.html"));
            Map.Entry<String, List<CardSnapshot>> linked = await("the first sync's cards").atMost(Duration.ofSeconds(30))
                    .until(() -> sandbox.openCardsByLead().entrySet().stream()
                            .filter(e -> e.getValue().get(0).listName().equals("TODO")).findFirst().orElse(null),
                            e -> e != null);
            String lead = linked.getKey();
            String card = linked.getValue().get(0).id();
            String todoCard = "[data-test=trello-list][data-name=TODO] [data-test=trello-list-item][data-id='" + card + "']";
            browser.untilText(todoCard, "lead " + lead);
            assertThat(browser.text("[data-test=airtable-record][data-id='" + lead + "'] [data-field=Status]"))
                    .isNotEqualTo("QUALIFIED");

            assertThat(browser.all("#clickup-pane").get(0).isDisplayed()).as("no ClickUp pair, no ClickUp pane").isFalse();

            long moved = System.nanoTime();
            sandbox.trello.control().moveCard(card, "DONE");

            browser.until("the card in DONE", d -> !browser.all(
                    "[data-test=trello-list][data-name=DONE] [data-test=trello-list-item][data-id='" + card + "']").isEmpty());
            long shown = System.nanoTime();
            browser.untilText("[data-test=airtable-record][data-id='" + lead + "'] [data-field=Status]", "QUALIFIED");
            long followed = System.nanoTime();
            assertThat(browser.all(todoCard)).isEmpty();
            // a figure for the record, not an assertion: the page reads every second, leadsync polls every 200 ms here
            System.out.printf("sandbox page: the move shown after %d ms, the lead's new status after %d ms%n",
                    (shown - moved) / 1_000_000, (followed - moved) / 1_000_000);
            browser.screenshot("sandbox");
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }
}
