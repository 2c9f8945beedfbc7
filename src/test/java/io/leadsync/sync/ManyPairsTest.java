package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.sandbox.trello.TrelloControl;
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
    void twoTablesIntoOneBoardEachKeepTheirOwnCards() throws Exception {
        sandboxes.airtable.createTable(Sandboxes.BASE, "Partners", LeadsSeed.schema());
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, "Partners", 4);
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("partners.camel.yaml"), SALES_PAIR.replace("sales", "partners")
                .replace("value: Sales Board", "value: Work Tracker\n      - name: table\n        value: Partners")
                .replace("Open", "TODO").replace("Won", "DONE"));
        app = sync().with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml").start();

        List<String> partners = sandboxes.airtable.records(Sandboxes.BASE, "Partners").stream()
                .filter(r -> !"LOST".equals(r.field("Status"))).map(r -> r.id()).toList();
        List<String> both = new java.util.ArrayList<>(leadsWithCards());
        both.addAll(partners);
        eventually().untilAsserted(() -> assertThat(sandboxes.openCardsByLead().keySet())
                .containsExactlyInAnyOrderElementsOf(both));
        app.awaitCycles("trello", 3);
        app.awaitCycles("partners", 3);
        assertThat(sandboxes.openCardsByLead().keySet()).as("no pair archived the other's cards")
                .containsExactlyInAnyOrderElementsOf(both);

        String partner = partners.get(0);
        String before = String.valueOf(sandboxes.airtable.record(Sandboxes.BASE, "Partners", partner).orElseThrow()
                .field("Status"));
        String to = "DONE".equals(sandboxes.cardOf(partner).listName()) ? "TODO" : "DONE";
        sandboxes.trello.control().moveCard(sandboxes.cardOf(partner).id(), to);
        eventually().untilAsserted(() -> assertThat(sandboxes.airtable.record(Sandboxes.BASE, "Partners", partner)
                .orElseThrow().field("Status")).as("was " + before).isEqualTo("DONE".equals(to) ? "QUALIFIED"
                : "CONTACTED"));
    }

    @Test
    void aTaskMovedAfterACardWinsThoughTheCardsWriteLandedLaterAndTheAuditNamesTheCardsPair() throws Exception {
        // measured before: a card moved to DONE beat a task set to "in progress" 0.5-3 s later, 6 times in 6
        app = sync().with("leadsync.trackers", "trello,clickup").start();
        eventually().untilAsserted(() -> {
            assertThat(sandboxes.openCardsByLead()).hasSize(leadsWithCards().size());
            assertThat(sandboxes.tasksByLead()).hasSize(SEEDED_LEADS);
        });
        String lead = leadsWithCards().stream().filter(id -> "NEW".equals(sandboxes.status(id))).findFirst()
                .orElseThrow();
        app.awaitCycles("trello", 2);
        app.awaitCycles("clickup", 2);
        app.context().getRouteController().stopRoute("trello-sync");
        app.context().getRouteController().stopRoute("clickup-sync");

        sandboxes.trello.control().moveCard(sandboxes.cardOf(lead).id(), "DONE"); // at T
        sandboxes.clock.shift(Duration.ofSeconds(1));
        sandboxes.clickup.setStatus(sandboxes.taskOf(lead).id(), "in progress"); // at T + 1 s
        sandboxes.clock.shift(Duration.ofSeconds(2));
        // the Trello pair writes the card's move to the lead at T + 3 s, after the task's move
        app.context().getRouteController().startRoute("trello-sync");
        eventually().until(() -> "QUALIFIED".equals(sandboxes.status(lead)));
        app.context().getRouteController().startRoute("clickup-sync");

        eventually().untilAsserted(() -> {
            assertThat(sandboxes.status(lead)).as("the later edit, the task's, wins").isEqualTo("CONTACTED");
            assertThat(sandboxes.taskOf(lead).status()).isEqualTo("in progress");
            assertThat(sandboxes.cardOf(lead).listName()).isEqualTo("TODO");
        });
        assertThat(Files.readAllLines(dataDir.resolve("audit.jsonl"))).filteredOn(l -> l.contains(lead))
                .filteredOn(l -> l.contains("\"conflict\"")).singleElement().asString()
                .contains("\"pair\":\"clickup\"", "\"winner\":\"tracker\"", "the trello pair", "moved to DONE");
    }

    @Test
    void inTheSandboxAPairNamingABoardItLacksGetsTheBoardMadeWithItsMappingsLists() throws Exception {
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("sales.camel.yaml"), SALES_PAIR);
        app = LeadsyncRun.inSandboxMode(dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml").start();
        TrelloControl trello = Sandboxes.inside(app).trello.control();

        String board = trello.boardId("Sales Board");
        assertThat(trello.lists(board)).extracting(TrelloControl.ListSnapshot::name).contains("Open", "Won");
        eventually().untilAsserted(() -> assertThat(trello.cards(board)).as("the pair's cards").isNotEmpty());
    }

    @Test
    void twoPairsWritingTheirIdsIntoOneFieldOfATableStopStartUpInOneLine() throws Exception {
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("sales.camel.yaml"), SALES_PAIR
                + "      - name: linkField\n        value: Trello Card\n");
        salesBoard();

        assertThatThrownBy(() -> app = sync().with("camel.main.routes-include-pattern",
                "file:" + routesDir + "/*.camel.yaml").start())
                .satisfies(e -> assertThat(rootMessage(e)).contains("both write their ids into field 'Trello Card' "
                        + "of table 'Leads': give one of them its own linkField parameter"));
    }

    @Test
    void aPairDeclaredTwiceStopsStartUpInOneLine() throws Exception {
        RoutesCopy.of(routesDir);
        Files.writeString(routesDir.resolve("sales.camel.yaml"), SALES_PAIR);
        Files.writeString(routesDir.resolve("sales-copy.camel.yaml"), SALES_PAIR.replace("salesMapping",
                "salesCopyMapping").replace("routeId: sales-sync", "routeId: sales-copy-sync"));
        salesBoard();

        assertThatThrownBy(() -> app = sync().with("camel.main.routes-include-pattern",
                "file:" + routesDir + "/*.camel.yaml").start())
                .satisfies(e -> assertThat(rootMessage(e)).contains("Pair 'sales' is declared twice",
                        "give each pair a name of its own"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
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
