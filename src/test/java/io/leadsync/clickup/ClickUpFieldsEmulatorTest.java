package io.leadsync.clickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import io.leadsync.change.CreateItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.state.Link;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mapped fields against the ClickUp emulator over HTTP: a task created and then updated with a priority, a due date,
 * tags, assignees and custom fields (a number, a drop-down) lands as ClickUp keeps them, and reads back in the very
 * text forms that were written.
 */
class ClickUpFieldsEmulatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private ClickUpEmulator clickup;
    private CamelContext context;
    private ClickUpTracker list;
    private String first;
    private String second;

    @BeforeEach
    void start() throws Exception {
        clickup = new ClickUpEmulator(clock, 42);
        clickup.start(0);
        clickup.addSpaceTag("hot", "#fff", "#f00");
        clickup.addSpaceTag("vip", "#fff", "#00f");
        clickup.addCustomField("Budget", "number");
        clickup.addCustomField("Tier", "drop_down", "Gold", "Silver");
        first = clickup.members().get(0).email();
        second = clickup.members().get(1).email();
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.clickup.url", clickup.baseUrl());
        p.put("leadsync.clickup.token", SandboxCredentials.CLICKUP_TOKEN);
        p.put("leadsync.clickup.requests-per-minute", "10000");
        p.put("leadsync.clickup.rate-limit-penalty", "10000");
        context = ScriptedApi.start("clickup", p, null, c -> {
            list = new ClickUpTracker(new ApiCall(c, "clickup"), clickup.leadsListId(), "Airtable Record ID", 2000);
            c.getRegistry().bind("clickupTracker", list);
            c.getRegistry().bind("clickupRequests", new ClickUpRequests(list));
        }, "clickup-reads", "tracker-writes", "clickup-writes");
        PairMapping mapping = new PairMapping();
        mapping.getLeadToTracker().put("NEW", "to do");
        mapping.getTrackerToLead().put("to do", "NEW");
        mapping.getFields().putAll(Map.of("due", "Due", "priority", "Priority", "labels", "Source", "assignees",
                "Owner", "custom:Budget", "Budget", "custom:Tier", "Tier"));
        list.connect(mapping);
    }

    @AfterEach
    void stop() {
        context.stop();
        clickup.close();
    }

    private TrackerItem send(String route, Object change) {
        Exchange done = context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "clickup"); // the pushing pair: its beans are <pair>Requests, <pair>Tracker
            e.getIn().setBody(change);
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(TrackerItem.class);
    }

    private Map<String, String> fieldsAsRead(String taskId) {
        Exchange done = context.createProducerTemplate().send("direct:clickup-read-all", e -> e.setProperty("pair", "clickup"));
        TrackerRead read = done.getMessage().getBody(TrackerRead.class);
        return read.items().stream().filter(i -> i.id().equals(taskId)).findFirst().orElseThrow().fields();
    }

    @Test
    void aTaskCreatedAndUpdatedWithItsFieldsReadsBackAsWritten() {
        Map<String, String> created = Map.of("due", "2026-12-01", "priority", "urgent", "labels", "hot, vip",
                "assignees", first, "custom:Budget", "12.5", "custom:Tier", "Gold");
        TrackerItem task = send("direct:clickup-create-item", new CreateItem("rec1", new ItemDraft("rec1", "Ada",
                "[leadsync:rec1]", "to do", created), new Link("rec1", null, "NEW", "to do", "Ada", "", false, 1_000,
                0), 1_000, "clickup|create|rec1", "create task of lead rec1"));

        assertThat(task.fields()).isEqualTo(created);
        assertThat(fieldsAsRead(task.id())).isEqualTo(created);

        Map<String, String> changed = Map.of("due", "2026-12-02T09:30:00.000Z", "priority", "", "labels", "hot",
                "assignees", second, "custom:Budget", "", "custom:Tier", "Silver");
        TrackerItem updated = send("direct:clickup-update-content", new UpdateContent("rec1", task.id(),
                new ItemChange(null, null, null, null, "to do", true, changed), new Link("rec1", task.id(), "NEW",
                "to do", "Ada", "", false, 1_000, 0), 1_000, "clickup|update|rec1", "update task of lead rec1"));

        assertThat(updated.fields()).isEqualTo(changed);
        assertThat(fieldsAsRead(task.id())).isEqualTo(changed);
    }
}
