package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.state.LinkStore;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairs are data: three pairs in one process, fed from one table — the shipped trello pair (board "Work Tracker"),
 * the shipped clickup pair, and a second Trello board added as a file of its own (routes/sales.camel.yaml, pair
 * "sales") — each creating its items, moves flowing both ways through the table, each with its own state. And a
 * pair file added to the routes folder while leadsync runs: its first cards are created without a restart.
 */
class ManyPairsTest extends SyncScenario {

    private static final int SEEDED_LEADS = 10;
    /** The shipped Trello mapping: LOST has no card. */
    private static final String SALES_PAIR = """
            # A second board fed from the same table.
            - beans:
                - name: salesMapping
                  type: io.leadsync.mapping.StatusMapping
                  properties:
                    leadToTracker:
                      NEW: Open
                      CONTACTED: Open
                      IN_PROGRESS: Open
                      QUALIFIED: Won
                      LOST: "-"
                    trackerToLead:
                      Open: CONTACTED
                      Won: QUALIFIED

            - templatedRoute:
                routeTemplateRef: sync-cycle
                routeId: sales-sync
                parameters:
                  - name: pair
                    value: sales
                  - name: tracker
                    value: trello
                  - name: board
                    value: Sales Board
            """;

    @TempDir
    Path routesDir;

    ManyPairsTest() {
        super(53);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50));
    }

    private String salesBoard() {
        String board = sandboxes.trello.control().createBoard("Sales Board");
        sandboxes.trello.control().createList(board, "Open");
        sandboxes.trello.control().createList(board, "Won");
        return board;
    }

    private LeadsyncRun threePairs() {
        return sync().with("leadsync.trackers", "trello,clickup")
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml");
    }

    /** Open cards of a board by lead (their markers). */
    private Map<String, List<CardSnapshot>> cardsByLead(String board) {
        return sandboxes.trello.control().cards(board).stream().filter(c -> !c.closed())
                .filter(c -> Sandboxes.recordIdIn(c.desc()) != null)
                .collect(Collectors.groupingBy(c -> Sandboxes.recordIdIn(c.desc())));
    }

    private List<String> leadsWithCards() {
        return sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status"))).map(l -> l.id()).toList();
    }

    @Test
    void threePairsFromOneTableEachCreateTheirItemsAndMovesFlowBothWays() throws Exception {
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("sales.camel.yaml"), SALES_PAIR);
        String sales = salesBoard();
        app = threePairs().start();

        List<String> carded = leadsWithCards();
        eventually().untilAsserted(() -> {
            assertThat(cardsByLead(sales).keySet()).as("cards on the Sales Board").containsExactlyInAnyOrderElementsOf(carded);
            assertThat(sandboxes.openCardsByLead().keySet()).as("cards on the Work Tracker")
                    .containsExactlyInAnyOrderElementsOf(carded);
            assertThat(sandboxes.tasksByLead()).as("tasks").hasSize(SEEDED_LEADS);
        });
        assertThat(cardsByLead(sales).values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
        assertThat(sandboxes.openCardsByLead().values()).allSatisfy(cards -> assertThat(cards).hasSize(1));

        // a card moved on the second board: the lead follows, and so do the other two pairs' items
        String lead = carded.stream().filter(id -> !"QUALIFIED".equals(sandboxes.status(id))).findFirst().orElseThrow();
        sandboxes.trello.control().moveCard(cardsByLead(sales).get(lead).get(0).id(), "Won");
        eventually().untilAsserted(() -> {
            assertThat(sandboxes.status(lead)).isEqualTo("QUALIFIED");
            assertThat(sandboxes.cardOf(lead).listName()).as("its Work Tracker card").isEqualTo("DONE");
            assertThat(sandboxes.taskOf(lead).status()).as("its task").isEqualTo("complete");
        });

        // a task moved in ClickUp: the lead follows, and both boards' cards
        ClickUpTask task = sandboxes.taskOf(lead);
        sandboxes.clickup.setStatus(task.id(), "in progress");
        eventually().untilAsserted(() -> {
            assertThat(sandboxes.status(lead)).isEqualTo("CONTACTED");
            assertThat(sandboxes.cardOf(lead).listName()).as("its Work Tracker card").isEqualTo("TODO");
            assertThat(cardsByLead(sales).get(lead).get(0).listName()).as("its Sales Board card").isEqualTo("Open");
        });

        // each pair keeps its own links, naming its own items
        app.crash();
        app = null;
        try (LinkStore salesLinks = new LinkStore(dataDir.toString(), "sales");
             LinkStore trelloLinks = new LinkStore(dataDir.toString(), "trello");
             LinkStore clickupLinks = new LinkStore(dataDir.toString(), "clickup")) {
            assertThat(salesLinks.byRecord(lead).itemId()).isEqualTo(cardsByLead(sales).get(lead).get(0).id());
            assertThat(trelloLinks.byRecord(lead).itemId()).isEqualTo(sandboxes.cardOf(lead).id());
            assertThat(clickupLinks.byRecord(lead).itemId()).isEqualTo(task.id());
        }
    }

    private LeadsyncRun reloading() {
        return sync().with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml");
    }

    /** Written aside and moved into place, as an editor saves. */
    private void save(String file, String content) throws Exception {
        Path aside = Files.writeString(routesDir.resolve("." + file + ".tmp"), content);
        Files.move(aside, routesDir.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void twoTrelloPairsShareTheTokensRateBudget() throws Exception {
        // a token allowed 12 requests per 2 s; each pair alone would stay within it, two budgets would not
        sandboxes.close();
        sandboxes = new Sandboxes(Sandboxes.Setup.of(53)
                .trelloConfig(TrelloConfig.defaults().withRateLimits(12, 300, Duration.ofSeconds(2))));
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("sales.camel.yaml"), SALES_PAIR);
        String sales = salesBoard();
        app = sync().with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("leadsync.trello.token-requests-per-window", "12").with("leadsync.trello.window", "2000")
                .start();

        List<String> carded = leadsWithCards();
        eventually().untilAsserted(() -> {
            assertThat(cardsByLead(sales).keySet()).containsExactlyInAnyOrderElementsOf(carded);
            assertThat(sandboxes.openCardsByLead().keySet()).containsExactlyInAnyOrderElementsOf(carded);
        });
        app.awaitCycles("sales", 3);
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.trello.totalCalls()).as("more than two windows' worth of requests").isGreaterThan(2 * 12);
        assertThat(sandboxes.trello.answers(429)).as("the two pairs together kept within the token's limit")
                .isZero();
    }

    @Test
    void aPairFileAddedWhileRunningCreatesItsFirstCards() throws Exception {
        RoutesCopy.of(routesDir);
        String sales = salesBoard();
        app = reloading().start();
        app.awaitCycles("trello", 2);
        assertThat(cardsByLead(sales)).as("no sales pair yet").isEmpty();

        save("sales.camel.yaml", SALES_PAIR);

        List<String> carded = leadsWithCards();
        eventually().untilAsserted(() -> assertThat(cardsByLead(sales).keySet()).as("cards on the Sales Board")
                .containsExactlyInAnyOrderElementsOf(carded));
        app.awaitCycles("sales", 2);
        assertThat(cardsByLead(sales).values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
        assertThat(Files.exists(dataDir.resolve("sales-links.jsonl"))).as("its own state").isTrue();
    }

    @Test
    void aPairAddedWhileRunningThatCannotConnectSaysSoOnceAndStartsOnceItsFileIsFixed() throws Exception {
        RoutesCopy.of(routesDir);
        String sales = salesBoard();
        try (LogCapture log = LogCapture.start()) {
            app = reloading().start();
            app.awaitCycles("trello", 2);

            save("sales.camel.yaml", SALES_PAIR.replace("value: Sales Board", "value: Sales Bord"));
            eventually().until(() -> log.text().contains("'Sales Bord' not found"));
            app.awaitCycles("sales", 3);
            app.awaitCycles("trello", 2);
            assertThat(log.text().lines().filter(l -> l.contains("'Sales Bord' not found"))).as(log.text())
                    .singleElement().asString().contains("Pair 'sales'", "Set the board parameter of pair 'sales'",
                            "does not run until that is fixed");
            assertThat(cardsByLead(sales)).as("the pair does not run").isEmpty();

            save("sales.camel.yaml", SALES_PAIR);
            List<String> carded = leadsWithCards();
            eventually().untilAsserted(() -> assertThat(cardsByLead(sales).keySet()).as("cards on the Sales Board")
                    .containsExactlyInAnyOrderElementsOf(carded));
        }
    }
}
