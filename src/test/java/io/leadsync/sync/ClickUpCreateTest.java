package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.leadsync.sandbox.Fault;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating a ClickUp task is two calls (the task, then its record-id field); the second failing never duplicates. */
class ClickUpCreateTest {

    @TempDir
    Path dataDir;
    Sandboxes sandboxes = new Sandboxes(47);
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.close();
        }
        sandboxes.close();
    }

    /**
     * Campaign seeds clickup:5 and clickup:9: setting the "Airtable Record ID" field failed (5xx, lost
     * response), the route redelivered the whole create, and a second task was created for the lead.
     */
    @Test
    void aFailureSettingTheRecordFieldAfterACreateNeverCreatesASecondTask() throws Exception {
        sandboxes.clickup.faults().inject(Fault.BAD_GATEWAY_502, 6, "POST /api/v2/task/");
        sandboxes.clickup.faults().inject(Fault.LOSE_RESPONSE, 4, "POST /api/v2/task/");
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "clickup").start();
        await().atMost(Duration.ofSeconds(40)).until(() -> sandboxes.tasksByLead().size() == 10);
        app.awaitCycles("clickup", 3);
        Map<String, Long> tasksPerLead = sandboxes.clickup.tasks().stream()
                .collect(Collectors.groupingBy(t -> Sandboxes.recordIdIn(t.description()), Collectors.counting()));
        assertThat(tasksPerLead).hasSize(10).allSatisfy((lead, count) -> assertThat(count).as(lead).isEqualTo(1));
        assertThat(sandboxes.clickup.faults().injected()).containsEntry(Fault.BAD_GATEWAY_502, 6);
    }
}
