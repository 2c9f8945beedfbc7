package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.FieldType;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field mappings added to routes/trello.camel.yaml and routes/clickup.camel.yaml while leadsync runs, against the
 * emulators: a new Airtable field feeds a card's and a task's custom field, a due date and labels/tags, without a
 * restart, and the cards and tasks already linked get them.
 */
class FieldMappingEditsApplyTest extends SyncScenario {

    @TempDir
    Path routesDir;

    FieldMappingEditsApplyTest() {
        super(67);
    }

    @Test
    void mappedFieldsReachLinkedCardsAndTasksWithoutARestart() throws Exception {
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        schema.add(FieldSpec.text("Deadline"));
        schema.add(FieldSpec.text("Tags"));
        schema.add(FieldSpec.of("Budget", FieldType.NUMBER));
        replaceSandboxes(schema, Sandboxes.CLICKUP);
        TrelloControl trello = sandboxes.trello.control();
        String vipLabel = trello.createLabel(sandboxes.boardId(), "vip", "green");
        trello.createCustomField(sandboxes.boardId(), "Budget", "number");
        sandboxes.clickup.addSpaceTag("vip", "#fff", "#0a0");
        String budgetField = sandboxes.clickup.addCustomField("Budget", "number").id();
        RoutesCopy routes = RoutesCopy.of(routesDir);
        app = new LeadsyncRun(sandboxes, dataDir)
                .with("leadsync.trackers", "trello,clickup")
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml")
                .start();
        String ada = sandboxes.leadId("Ada Lovelace");
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().containsKey(ada)
                && sandboxes.tasksByLead().containsKey(ada));
        sandboxes.setLead(ada, "Deadline", "2026-12-24");
        sandboxes.setLead(ada, "Tags", "vip");
        sandboxes.setLead(ada, "Budget", 1250);

        String fields = "        fields:\n"
                + "          due: Deadline\n"
                + "          labels: Tags\n"
                + "          \"custom:Budget\": Budget\n";
        routes.replace("trello.camel.yaml", "type: io.leadsync.mapping.StatusMapping",
                "type: io.leadsync.mapping.PairMapping")
                .replace("trello.camel.yaml", "      properties:\n", "      properties:\n" + fields)
                .replace("clickup.camel.yaml", "type: io.leadsync.mapping.StatusMapping",
                        "type: io.leadsync.mapping.PairMapping")
                .replace("clickup.camel.yaml", "      properties:\n", "      properties:\n" + fields);

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            CardSnapshot card = sandboxes.cardOf(ada);
            assertThat(card.due()).startsWith("2026-12-24T00:00:00");
            assertThat(card.idLabels()).containsExactly(vipLabel);
            assertThat(card.customFields()).containsEntry("Budget", "1250");
            ClickUpTask task = sandboxes.taskOf(ada);
            assertThat(task.tags()).containsExactly("vip");
            assertThat(task.customFieldText(budgetField)).isEqualTo("1250");
            assertThat(task.dueDate()).isNotNull();
        });
        // a lead edit of a mapped field flows on like any other
        sandboxes.setLead(ada, "Budget", 990);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sandboxes.cardOf(ada).customFields()).containsEntry("Budget", "990");
            assertThat(sandboxes.taskOf(ada).customFieldText(budgetField)).isEqualTo("990");
        });
    }
}
