package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.leadsync.support.LogCapture;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/**
 * ClickUp's "Airtable Record ID" field deleted while leadsync runs: said once, then the marker alone links. (A create
 * that names the field after it was deleted: ClickUpWritesTest.)
 */
class ClickUpRecordFieldTest extends SyncScenario {

    private static final String CREATE_TASK = "POST /api/v2/list/{list_id}/task";
    private static final String SET_CUSTOM_FIELD = "POST /api/v2/task/{task_id}/field/{field_id}";

    ClickUpRecordFieldTest() {
        super(47);
    }

    @Test
    void aDeletedRecordFieldIsReadAgainSaidOnceAndNoLongerWritten() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            app = sync().with("leadsync.trackers", "clickup").with("leadsync.reconcile-interval", "300").start();
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.tasksByLead().size() == 10);
            app.awaitCycles("clickup", 1);
            sandboxes.clickup.deleteCustomField(sandboxes.clickup.airtableRecordIdFieldId().orElseThrow());
            int setsBefore = sandboxes.clickup.calls(SET_CUSTOM_FIELD);
            int createsBefore = sandboxes.clickup.calls(CREATE_TASK);
            List<String> fresh = List.of(sandboxes.addLead("After One", "NEW"), sandboxes.addLead("After Two", "NEW"),
                    sandboxes.addLead("After Three", "NEW"));
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.tasksByLead().keySet().containsAll(fresh));
            app.awaitCycles("clickup", 5); // full reads of all 13 tasks, every one without the field now
            assertThat(sandboxes.clickup.calls(SET_CUSTOM_FIELD) - setsBefore)
                    .as("one failing write finds the field gone; none after it").isEqualTo(1);
            assertThat(sandboxes.clickup.calls(CREATE_TASK) - createsBefore)
                    .as("the read before them found it gone: no create names it").isEqualTo(fresh.size());
            assertThat(log.text().lines().filter(l -> l.contains("is gone from list"))).singleElement().asString()
                    .contains("'Airtable Record ID'", "marker in their description alone");
            assertThat(log.text()).doesNotContain("Custom field not found");
        }
        assertThat(sandboxes.tasksByLead().values()).as("one task per lead, linked by its marker")
                .allSatisfy(tasks -> assertThat(tasks).hasSize(1));
    }
}
