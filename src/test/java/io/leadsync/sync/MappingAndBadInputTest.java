package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.Fault;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping is the user's YAML, edited live; bad records are reported, dead-lettered and skipped. */
class MappingAndBadInputTest extends SyncScenario {

    MappingAndBadInputTest() {
        super(31);
    }

    @TempDir
    Path routesDir;

    @Test
    void aMappingEditedInYamlWhileRunningTakesEffectWithoutRestart() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED
        app = new LeadsyncRun(sandboxes, dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml")
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        routes.replace("trello.camel.yaml", "IN_PROGRESS: TODO", "IN_PROGRESS: DONE");
        // the file watcher needs a few seconds; the mapping applies from the first cycle after the reload
        await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getRegistry()
                .lookupByNameAndType("trelloMapping", StatusMapping.class).bucketFor("IN_PROGRESS").equals("DONE"));
        sandboxes.setLead(alan, "Status", "IN_PROGRESS");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE"));
    }

    @Test
    void aLeadWithAnUnknownStatusIsDeadLetteredByNameAndTheRestSyncs() throws Exception {
        String odd = sandboxes.airtable.createRecord(Sandboxes.BASE, Sandboxes.TABLE,
                Map.of("Name", "Odd Status Ltd", "Status", "NEW"));
        app = new LeadsyncRun(sandboxes, dataDir).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 9);
        sandboxes.setLead(odd, "Status", "ON_HOLD"); // a new option someone added in Airtable's UI
        String fresh = sandboxes.addLead("After The Odd One", "NEW");
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().containsKey(fresh));
        Path deadLetters = dataDir.resolve("dead-letters.jsonl");
        await().until(() -> Files.exists(deadLetters) && Files.readString(deadLetters).contains(odd));
        assertThat(Files.readString(deadLetters)).contains("ON_HOLD", "Odd Status Ltd", "not in the trello mapping");
        app.awaitCycles("trello", 3);
        assertThat(Files.readAllLines(deadLetters)).filteredOn(l -> l.contains(odd)).as("reported once").hasSize(1);
        assertThat(sandboxes.cardOf(odd).listName()).as("the card stays where it was").isEqualTo("TODO");
    }

    @Test
    void secretsNeverAppearInTheLogsEvenWhenCallsFail() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            sandboxes.trello.faults().inject(Fault.BAD_GATEWAY_502, 2, "POST /1/cards");
            sandboxes.trello.faults().inject(Fault.DROP_CONNECTION, 2, "GET");
            sandboxes.airtable.faults().inject(Fault.RATE_LIMIT, 1, "GET");
            app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trello.board", "Work Tracker").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == 8);
            app.close();
            assertThat(logs.text()).isNotEmpty().doesNotContain(SandboxCredentials.TRELLO_KEY,
                    SandboxCredentials.TRELLO_TOKEN, SandboxCredentials.AIRTABLE_TOKEN);
        }
    }
}
