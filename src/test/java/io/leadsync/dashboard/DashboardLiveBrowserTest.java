package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.Browser;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium against a running leadsync and its emulators, through the real JSON API
 * (GET /api/pairs and the pair's views, the POST actions, the dry-run preview): a healthy pair, an edit on the board
 * seen in the activity log and on the sandbox page, a hold approved, a dead letter retried, a dry-run's plan shown
 * while the emulators' journals hold only reads. Saves target/screenshots/dashboard-live.png. One Chromium for
 * all: each test opens its own leadsync's page.
 */
class DashboardLiveBrowserTest {

    private static Browser browser;
    @TempDir
    Path dataDir;
    private Sandboxes sandboxes;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopEmulators() {
        if (sandboxes != null) {
            sandboxes.close();
        }
    }

    private static String quoted(String id) {
        return "'" + id + "'";
    }

    /** The open card of a lead in TODO, once the first sync made them. */
    private static Map.Entry<String, List<CardSnapshot>> aCardInTodo(Sandboxes sandbox) {
        return await("the first sync's cards").atMost(Duration.ofSeconds(30)).until(() -> sandbox.openCardsByLead()
                .entrySet().stream().filter(e -> e.getValue().get(0).listName().equals("TODO")).findFirst()
                .orElse(null), e -> e != null);
    }

    @Test
    void aHealthyPairsBoardEditShowsInTheActivityLogAndOnTheSandboxPage() throws Exception {
        try (LeadsyncRun app = LeadsyncRun.inSandboxMode(dataDir).withManagement().start()) {
            Sandboxes sandbox = Sandboxes.inside(app);
            Map.Entry<String, List<CardSnapshot>> linked = aCardInTodo(sandbox);
            String lead = linked.getKey();
            String card = linked.getValue().get(0).id();
            browser.go(app.managementUrl() + "/#pair=trello");
            browser.until("pair trello healthy", d -> "UP".equals(browser.all("[data-pair=trello] [data-test=health]")
                    .stream().findFirst().map(b -> b.getAttribute("data-state")).orElse(null)));
            browser.all("#activity-search").get(0).sendKeys(lead);

            sandbox.trello.control().moveCard(card, "DONE");

            browser.untilText("[data-test=activity]", "QUALIFIED");
            assertThat(browser.text("[data-test=activity-row]")).contains(lead);
            browser.screenshot("dashboard-live");
            browser.click("[data-test=sandbox-link]");
            browser.until("the card in DONE on the sandbox page", d -> !browser.all("[data-test=trello-list][data-name=DONE]"
                    + " [data-test=trello-list-item][data-id=" + quoted(card) + "]").isEmpty());
        }
    }

    @Test
    void aHeldRemovalIsAppliedOnceApprovedOnTheDashboard() throws Exception {
        sandboxes = new Sandboxes(42);
        try (LeadsyncRun app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.safety.max-removals", "3")
                .withManagement().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == 8);
            app.awaitCycles("trello", 1);
            app.stop(); // the board emptied all at once, as a replaced board looks at start-up
            for (CardSnapshot card : sandboxes.trello.control().cards(sandboxes.boardId())) {
                sandboxes.trello.control().deleteCard(card.id());
            }
            app.start();
            browser.go(app.managementUrl() + "/#pair=trello");
            browser.until("the hold's 8 removals", d -> browser.all("[data-test=removal]").size() == 8);
            assertThat(browser.text("[data-test=hold-summary]")).isNotBlank();
            assertThat(unlinkEvents()).as("nothing unlinked before the approval").isZero();

            browser.click("[data-test=approve]");

            browser.until("the approval's answer", d -> "ok".equals(browser.all("[data-test=message]").get(0)
                    .getAttribute("data-outcome")));
            await().atMost(Duration.ofSeconds(20)).until(() -> unlinkEvents() == 8);
            browser.until("the hold gone", d -> !browser.all("[data-test=hold]").get(0).isDisplayed());
        }
    }

    private long unlinkEvents() throws Exception {
        Path audit = dataDir.resolve("audit.jsonl");
        try (Stream<String> lines = Files.exists(audit) ? Files.lines(audit) : Stream.empty()) {
            return lines.filter(l -> l.contains("\"event\":\"item-")).count();
        }
    }

    @Test
    void aDeadLetterIsRetriedFromTheDashboardOnceItsLeadIsFixed() throws Exception {
        sandboxes = new Sandboxes(42);
        try (LeadsyncRun app = new LeadsyncRun(sandboxes, dataDir).withManagement().start()) {
            String lead = aCardInTodo(sandboxes).getKey();
            sandboxes.setLead(lead, "Status", "ON_HOLD"); // an option the trello mapping does not know
            browser.go(app.managementUrl() + "/#pair=trello");
            browser.untilText("[data-test=dead-letter]", lead);
            String id = browser.all("[data-test=dead-letter]").get(0).getAttribute("data-id");
            sandboxes.setLead(lead, "Status", "QUALIFIED");

            browser.click("[data-test=retry][data-id=" + quoted(id) + "]");

            browser.until("the retry's answer", d -> "ok".equals(browser.all("[data-test=message]").get(0)
                    .getAttribute("data-outcome")));
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.cardOf(lead).listName().equals("DONE"));
            browser.until("the dead letter gone", d -> browser.all("[data-test=dead-letter][data-id=" + quoted(id) + "]")
                    .isEmpty());
        }
    }

    @Test
    void aDryRunShowsEveryCreateItWouldMakeAndNoWriteReachesAnyEmulator() throws Exception {
        sandboxes = new Sandboxes(42);
        // paused from the start (as a user pauses a pair to preview its next cycle): no cycle writes anything
        java.nio.file.Files.writeString(dataDir.resolve("trello-paused"), "2026-12-01T09:00:00Z\n");
        try (LeadsyncRun app = new LeadsyncRun(sandboxes, dataDir).withManagement().start()) {
            browser.go(app.managementUrl() + "/#pair=trello");
            browser.untilText("[data-test=pair][data-pair=trello] [data-test=paused]", "Paused");

            browser.click("[data-test=pair][data-pair=trello] [data-test=dry-run]");

            int leads = (int) sandboxes.leads().stream().filter(r -> !"LOST".equals(r.field("Status"))).count();
            browser.untilText("[data-test=preview-creates] [data-test=preview-count]", String.valueOf(leads));

            String creates = browser.text("[data-test=preview-creates]");
            sandboxes.leads().stream().filter(r -> !"LOST".equals(r.field("Status")))
                    .forEach(r -> assertThat(creates).contains(r.id()));
            for (EmulatorServer emulator : List.<EmulatorServer>of(sandboxes.airtable, sandboxes.trello, sandboxes.clickup)) {
                assertThat(emulator.handled()).as("%s's journal", emulator.name())
                        .allSatisfy(h -> assertThat(h.method()).isEqualTo("GET"));
            }
            assertThat(sandboxes.openCardsByLead()).isEmpty();
        }
    }
}
