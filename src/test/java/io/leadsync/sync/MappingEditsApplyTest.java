package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.Fault;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping edit applies to the items already linked, not only to later changes; and the shipped mappings map
 * back every list/status they send leads to.
 */
class MappingEditsApplyTest extends SyncScenario {

    MappingEditsApplyTest() {
        super(59);
    }

    @TempDir
    Path routesDir;

    /** leadsync reading its routes from this test's copy of routes/. */
    private LeadsyncRun syncWithRoutesCopy() {
        return new LeadsyncRun(sandboxes, dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml");
    }

    @Test
    void afterAMappingEditAndARestartEveryLinkedCardIsWhereTheNewMappingPutsIt() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, card in TODO
        String katherine = sandboxes.leadId("Katherine Johnson"); // CONTACTED
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, card in TODO
        String dennis = sandboxes.leadId("Dennis Ritchie"); // LOST, no card
        app = syncWithRoutesCopy().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 2);

        routes.replace("trello.camel.yaml", "CONTACTED: TODO", "CONTACTED: DONE")
                .replace("trello.camel.yaml", "LOST: \"-\"", "LOST: TODO");
        try (LogCapture logs = LogCapture.start()) {
            app.restart();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
                assertThat(sandboxes.cardOf(katherine).listName()).isEqualTo("DONE");
                assertThat(sandboxes.cardOf(dennis).listName()).isEqualTo("TODO");
            });
            assertThat(logs.text()).contains("[trello] mapping changed: 2 items will move");
        }
        assertThat(sandboxes.cardOf(ada).listName()).as("NEW still maps to TODO").isEqualTo("TODO");
        assertThat(sandboxes.status(alan)).isEqualTo("CONTACTED");

        routes.replace("trello.camel.yaml", "LOST: TODO", "LOST: \"-\"");
        app.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> !sandboxes.openCardsByLead().containsKey(dennis));
        assertThat(sandboxes.status(dennis)).isEqualTo("LOST");
        assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
    }

    @Test
    void anEditUndoneBeforeItWasFullyAppliedTakesBackWhatItDid() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, card in TODO
        String dennis = sandboxes.leadId("Dennis Ritchie"); // LOST, no card
        app = syncWithRoutesCopy().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 2);

        // the edit creates Dennis's card, but cannot move Alan's: it is never applied in full
        sandboxes.trello.faults().inject(Fault.UNAVAILABLE_503, 100_000, "PUT /1/cards/{id}");
        routes.replace("trello.camel.yaml", "CONTACTED: TODO", "CONTACTED: DONE")
                .replace("trello.camel.yaml", "LOST: \"-\"", "LOST: TODO");
        app.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().containsKey(dennis));
        app.awaitCycles("trello", 2);

        routes.replace("trello.camel.yaml", "CONTACTED: DONE", "CONTACTED: TODO")
                .replace("trello.camel.yaml", "LOST: TODO", "LOST: \"-\"");
        app.stop();
        sandboxes.trello.faults().clear();
        app.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !sandboxes.openCardsByLead().containsKey(dennis));
        assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("TODO");
    }

    @Test
    void theShippedMappingsMapBackEveryListAndStatusTheySendLeadsTo() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "trello,clickup").start();
            for (String pair : new String[] {"trello", "clickup"}) {
                StatusMapping mapping = app.context().getRegistry().lookupByNameAndType(pair + "Mapping",
                        StatusMapping.class);
                assertThat(mapping.bucketsWithoutReverse()).as(pair).isEmpty();
            }
            assertThat(logs.text()).doesNotContain("has no trackerToLead entry");
        }
    }

    @Test
    void aClickUpTaskAPersonMovesBackToToDoMakesItsLeadNew() throws Exception {
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, task in progress
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "clickup").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.tasksByLead().size() == 10);

        sandboxes.clickup.setStatus(sandboxes.taskOf(alan).id(), "to do");

        await().atMost(Duration.ofSeconds(20)).until(() -> "NEW".equals(sandboxes.status(alan)));
        assertThat(sandboxes.taskOf(alan).status()).isEqualTo("to do");
    }

    @Test
    void aMappingThatCannotMapBackWhereItSendsLeadsIsWarnedOfAtStartUp() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir).replace("trello.camel.yaml", "DONE: QUALIFIED", "");
        try (LogCapture logs = LogCapture.start()) {
            app = syncWithRoutesCopy().start();
            assertThat(logs.text().lines().filter(l -> l.contains("has no trackerToLead entry")))
                    .singleElement().asString().contains("'DONE'", "routes/trello.camel.yaml");
        }
    }
}
