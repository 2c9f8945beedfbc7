package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card name and description templates edited in routes/trello.camel.yaml while leadsync runs, against the
 * emulators: the mapping bean becomes a PairMapping with templates, and every linked card is rendered again.
 */
class TemplateEditAppliesTest extends SyncScenario {

    @TempDir
    Path routesDir;

    TemplateEditAppliesTest() {
        super(61);
    }

    @Test
    void anEditedTemplateRendersEveryLinkedCardAgainWithoutARestart() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        app = new LeadsyncRun(sandboxes, dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml")
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
        app.awaitCycles("trello", 2);
        String ada = sandboxes.leadId("Ada Lovelace");

        routes.replace("trello.camel.yaml", "type: io.leadsync.mapping.StatusMapping",
                "type: io.leadsync.mapping.PairMapping").replace("trello.camel.yaml",
                "      properties:\n        leadToTracker:", "      properties:\n"
                        + "        nameTemplate: \"Lead: {Name}\"\n"
                        + "        descriptionTemplate: |-\n"
                        + "          From {Source|an unknown source}\n"
                        + "          {marker}\n"
                        + "        leadToTracker:");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<CardSnapshot> cards = sandboxes.openCardsByLead().values().stream().flatMap(List::stream).toList();
            assertThat(cards).hasSize(8).allSatisfy(card -> {
                assertThat(card.name()).startsWith("Lead: ");
                assertThat(card.desc()).startsWith("From ").doesNotContain("Email:")
                        .endsWith("[leadsync:" + Sandboxes.recordIdIn(card.desc()) + "]");
            });
        });
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Lead: Ada Lovelace");
        assertThat(Sandboxes.recordIdIn(sandboxes.cardOf(ada).desc())).isEqualTo(ada);
    }
}
