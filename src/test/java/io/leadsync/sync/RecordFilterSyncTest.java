package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.FieldType;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record filter added to the Trello mapping while the sync runs, against the emulators: the leads whose Source is
 * not Website or Referral leave it and their cards are archived; a lead whose Source is set to Website comes back
 * and gets its own card back, never a second one. With a checkbox and {@code leave}, an unchecked lead's card stays
 * and nothing syncs either way until it is checked again. A filter naming a field the table lacks is refused in one
 * line.
 */
class RecordFilterSyncTest extends SyncScenario {

    /** The filter block as a user writes it into routes/trello.camel.yaml (the bean's type: PairMapping). */
    static final String FILTER = """
            type: io.leadsync.mapping.PairMapping
                  properties:
                    filter:
                      Source: Website, Referral
                    leavingFilter: archive
            """.strip();

    @TempDir
    Path routesDir;

    RecordFilterSyncTest() {
        super(61);
    }

    private LeadsyncRun reloading() {
        return new LeadsyncRun(sandboxes, dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml");
    }

    private List<CardSnapshot> allCardsOf(String leadId) {
        return sandboxes.trello.control().cards(sandboxes.boardId()).stream()
                .filter(c -> leadId.equals(Sandboxes.recordIdIn(c.desc()))).toList();
    }

    @Test
    void aFilterAddedWhileRunningArchivesTheCardsOfLeadsOutsideItAndALeadThatComesBackGetsItsCardBack()
            throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        String alan = sandboxes.leadId("Alan Turing"); // Trade show, CONTACTED: card in TODO
        String katherine = sandboxes.leadId("Katherine Johnson"); // no Source, CONTACTED
        String edsger = sandboxes.leadId("Edsger Dijkstra"); // Cold call, IN_PROGRESS
        String barbara = sandboxes.leadId("Barbara Liskov"); // no Source, IN_PROGRESS
        app = reloading().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        String alansCard = sandboxes.cardOf(alan).id();

        routes.replace("trello.camel.yaml", "type: io.leadsync.mapping.StatusMapping\n      properties:", FILTER);

        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == 4);
        assertThat(sandboxes.openCardsByLead()).doesNotContainKeys(alan, katherine, edsger, barbara);
        assertThat(sandboxes.status(alan)).as("the lead is left as it is").isEqualTo("CONTACTED");
        String audit = Files.readString(dataDir.resolve("audit.jsonl"));
        assertThat(audit.lines().filter(l -> l.contains("filter-left"))).hasSize(4)
                .anySatisfy(l -> assertThat(l).contains(alan, "Source is 'Trade show', not one of Website, Referral"));

        // while Alan is out, a person sets his status in Airtable: his card stays archived
        sandboxes.setLead(alan, "Status", "QUALIFIED");
        app.awaitCycles("trello", 2);
        assertThat(sandboxes.openCardsByLead()).doesNotContainKey(alan);

        sandboxes.setLead(alan, "Source", "Website");
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().containsKey(alan));
        assertThat(sandboxes.cardOf(alan).id()).as("his own card, restored").isEqualTo(alansCard);
        assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
        assertThat(allCardsOf(alan)).as("never a second card").hasSize(1);
        assertThat(Files.readString(dataDir.resolve("audit.jsonl")).lines()
                .filter(l -> l.contains("filter-entered") && l.contains(alan))).hasSize(1);
        assertThat(Set.copyOf(sandboxes.openCardsByLead().keySet())).hasSize(5);
    }

    @Test
    void withLeaveACardWhoseLeadIsUncheckedStaysAndItsMoveCountsOnlyOnceTheLeadIsCheckedAgain() throws Exception {
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        schema.add(FieldSpec.of("Sync?", FieldType.CHECKBOX));
        replaceSandboxes(schema, Sandboxes.CLICKUP);
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED
        sandboxes.setLead(ada, "Sync?", true);
        sandboxes.setLead(alan, "Sync?", true);
        RoutesCopy.of(routesDir).replace("trello.camel.yaml",
                "type: io.leadsync.mapping.StatusMapping\n      properties:", """
                        type: io.leadsync.mapping.PairMapping
                              properties:
                                filter:
                                  Sync?: checked""");
        app = reloading().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 2);
        assertThat(sandboxes.openCardsByLead()).containsOnlyKeys(ada, alan);
        String alansCard = sandboxes.cardOf(alan).id();

        sandboxes.setLead(alan, "Sync?", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> audit().contains("filter-left"));
        sandboxes.trello.control().moveCard(alansCard, "DONE");
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.status(alan)).as("nothing syncs while he is out").isEqualTo("CONTACTED");
        assertThat(sandboxes.cardOf(alan).listName()).as("his card is left as it is").isEqualTo("DONE");

        sandboxes.setLead(alan, "Sync?", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "QUALIFIED".equals(sandboxes.status(alan)));
        assertThat(allCardsOf(alan)).as("never a second card").singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(alansCard));
        assertThat(audit().lines().filter(l -> l.contains(alan) && l.contains("filter-"))).hasSize(2);
    }

    private String audit() throws java.io.IOException {
        Path file = dataDir.resolve("audit.jsonl");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void aFilterAddedWhileStoppedJudgesEveryLeadAtStartUpAndSaysHowManyLeft() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        app = new LeadsyncRun(sandboxes, dataDir) // no reload: the edit is read at the next start
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml").start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 2);

        routes.replace("trello.camel.yaml", "type: io.leadsync.mapping.StatusMapping\n      properties:",
                FILTER.replace("leavingFilter: archive", "leavingFilter: leave"));
        try (LogCapture logs = LogCapture.start()) {
            app.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.text().contains("mapping changed"));
            assertThat(logs.text()).contains(
                    "[trello] mapping changed: 0 items will move; 4 lead(s) left the record filter, 0 came back");
        }
        assertThat(sandboxes.openCardsByLead()).as("leave: every card stays").hasSize(8);
        assertThat(audit().lines().filter(l -> l.contains("filter-left"))).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("is left as it is and no longer synced"));
    }

    @Test
    void aFilterNamingAFieldTheTableLacksIsRefusedInOneLineAndThePreviousMappingStays() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        try (LogCapture log = LogCapture.start()) {
            app = reloading().start();
            app.awaitCycles("trello", 1);
            routes.replace("trello.camel.yaml", "type: io.leadsync.mapping.StatusMapping\n      properties:",
                    FILTER.replace("Source: Website", "Sorce: Website"));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("names field 'Sorce'"));
            app.awaitCycles("trello", 2);
            assertThat(log.text().lines().filter(l -> l.contains("names field 'Sorce'"))).singleElement().asString()
                    .contains("The edited trello mapping is not usable, keeping the previous one: The trello "
                            + "mapping's filter names field 'Sorce', which the Airtable table does not have; fields: ",
                            "Source", "(routes/trello.camel.yaml)");
        }
        assertThat(sandboxes.openCardsByLead()).hasSize(8);
    }
}
