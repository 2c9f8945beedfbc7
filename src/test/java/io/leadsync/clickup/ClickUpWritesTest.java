package io.leadsync.clickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.change.CreateItem;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiException;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.support.LogCapture;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task create (direct:clickup-create-item, routes/clickup-writes.camel.yaml) over the ClickUp API route whose
 * HTTP step answers from a script: what is pinned is that a task is created with its record id in one request, and
 * what happens when ClickUp no longer knows the record field the create names.
 */
class ClickUpWritesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD_GONE = "{\"err\":\"Custom field not found\",\"ECODE\":\"FIELD_015\"}";

    /** Each request sent after start-up: method, path and JSON body. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    /** The list's custom fields as GET /list/{id}/field answers them now. */
    private volatile String fields = "{\"fields\":[{\"id\":\"f-record\",\"name\":\"Airtable Record ID\"}]}";
    /** How many creates are refused from now, and with what answer. */
    private volatile int refuseCreates;
    private volatile String refusal = FIELD_GONE;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.clickup.url", "http://clickup.invalid");
        p.put("leadsync.clickup.token", "pk_test");
        p.put("leadsync.clickup.requests-per-minute", "10000");
        p.put("leadsync.clickup.rate-limit-penalty", "10000");
        context = ScriptedApi.start("clickup", p, this::answer, c -> {
            ClickUpTracker list = new ClickUpTracker(new ApiCall(c, "clickup"), "Leads", "Airtable Record ID", 2000);
            c.getRegistry().bind("clickupTracker", list);
            c.getRegistry().bind("clickupRequests", new ClickUpRequests(list));
        }, "tracker-writes", "clickup-writes");
        StatusMapping mapping = new StatusMapping();
        mapping.getLeadToTracker().put("NEW", "to do");
        mapping.getTrackerToLead().put("to do", "NEW");
        context.getRegistry().lookupByNameAndType("clickupTracker", ClickUpTracker.class).connect(io.leadsync.mapping.PairMapping.ofStatuses(mapping));
        sent.clear();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    /** The workspace: one team, space and list ("Leads", id 901); a create answers the task it made. */
    private void answer(Exchange e) throws Exception {
        String method = e.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = e.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        String body = e.getIn().getBody(String.class);
        sent.add(method + " " + path + (body == null || body.isEmpty() ? "" : " " + body));
        int status = 200;
        String answer = switch (method + " " + path) {
            case "GET /api/v2/team" -> "{\"teams\":[{\"id\":\"1\",\"name\":\"Team\"}]}";
            case "GET /api/v2/team/1/space" -> "{\"spaces\":[{\"id\":\"2\",\"name\":\"Sales\"}]}";
            case "GET /api/v2/space/2/list" -> "{\"lists\":[{\"id\":\"901\",\"name\":\"Leads\"}]}";
            case "GET /api/v2/space/2/folder" -> "{\"folders\":[]}";
            case "GET /api/v2/list/901" -> "{\"statuses\":[{\"status\":\"to do\"}]}";
            case "GET /api/v2/list/901/field" -> fields;
            case "POST /api/v2/list/901/task" -> {
                if (refuseCreates > 0) {
                    refuseCreates--;
                    status = 400;
                    yield refusal;
                }
                JsonNode task = JSON.readTree(body);
                yield "{\"id\":\"t1\",\"name\":" + task.get("name") + ",\"description\":" + task.get("description")
                        + ",\"status\":{\"status\":\"to do\"},\"date_created\":\"1000\",\"date_updated\":\"1000\","
                        + "\"custom_fields\":" + (task.has("custom_fields") ? task.get("custom_fields") : "[]") + "}";
            }
            default -> throw new IllegalStateException("unexpected request " + method + " " + path);
        };
        e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getIn().setBody(answer);
    }

    private Exchange create(String recordId) {
        CreateItem create = new CreateItem(recordId, new ItemDraft(recordId, "Ada", "[leadsync:" + recordId + "]",
                "to do"), new Link(recordId, null, "NEW", "to do", "Ada", "", false, 1_000, 0), 1_000,
                "clickup|create|" + recordId, "create task of lead " + recordId);
        return context.createProducerTemplate().send("direct:clickup-create-item", e -> {
            e.setProperty("pair", "clickup"); // the pushing pair: its beans are <pair>Requests, <pair>Tracker
            e.getIn().setBody(create);
        });
    }

    private static JsonNode bodyOf(String request) throws Exception {
        return JSON.readTree(request.substring(request.indexOf('{')));
    }

    @Test
    void aTaskIsCreatedWithItsRecordIdInOneRequest() throws Exception {
        Exchange done = create("recAda");

        assertThat(done.getException()).isNull();
        assertThat(sent).singleElement().asString().startsWith("POST /api/v2/list/901/task ");
        assertThat(bodyOf(sent.get(0)).get("custom_fields"))
                .isEqualTo(JSON.readTree("[{\"id\":\"f-record\",\"value\":\"recAda\"}]"));
        TrackerItem item = done.getMessage().getBody(TrackerItem.class);
        assertThat(item.id()).isEqualTo("t1");
        assertThat(item.recordId()).isEqualTo("recAda");
    }

    @Test
    void aCreateRefusedForADeletedRecordFieldIsSentAgainWithoutItAndSaidOnce() throws Exception {
        fields = "{\"fields\":[]}";
        refuseCreates = 1;
        try (LogCapture log = LogCapture.start()) {
            Exchange first = create("recAda");
            Exchange second = create("recBob");

            assertThat(first.getException()).isNull();
            assertThat(second.getException()).isNull();
            assertThat(sent).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1])
                    .containsExactly("POST /api/v2/list/901/task", "GET /api/v2/list/901/field",
                            "POST /api/v2/list/901/task", "POST /api/v2/list/901/task");
            assertThat(bodyOf(sent.get(2)).has("custom_fields")).as("sent again without the field").isFalse();
            assertThat(bodyOf(sent.get(3)).has("custom_fields")).as("later creates name it no more").isFalse();
            assertThat(first.getMessage().getBody(TrackerItem.class).recordId()).as("linked by its marker")
                    .isEqualTo("recAda");
            assertThat(log.text().lines().filter(l -> l.contains("is gone from list"))).singleElement().asString()
                    .contains("'Airtable Record ID'", "marker in their description alone");
        }
    }

    @Test
    void aCreateRefusedForARecordFieldMadeAgainIsSentAgainWithItsNewId() throws Exception {
        fields = "{\"fields\":[{\"id\":\"f-new\",\"name\":\"Airtable Record ID\"}]}";
        refuseCreates = 1;

        Exchange done = create("recAda");

        assertThat(done.getException()).isNull();
        assertThat(sent).hasSize(3);
        assertThat(bodyOf(sent.get(2)).get("custom_fields"))
                .isEqualTo(JSON.readTree("[{\"id\":\"f-new\",\"value\":\"recAda\"}]"));
        assertThat(done.getMessage().getBody(TrackerItem.class).recordId()).isEqualTo("recAda");
    }

    @Test
    void aCreateRefusedAgainAfterTheFieldsWereReadIsHandedBack() {
        refuseCreates = 2; // the field is still listed: the refusal was not about it

        Exchange done = create("recAda");

        assertThat(done.getException()).isInstanceOf(ApiException.class);
        assertThat(((ApiException) done.getException()).status()).isEqualTo(400);
        assertThat(sent).as("create, fields, create").hasSize(3);
    }

    @Test
    void aCreateRefusedForAnotherReasonIsHandedBackUnsentAgain() {
        refusal = "{\"err\":\"Status not found\",\"ECODE\":\"CRTSK_001\"}";
        refuseCreates = 1;

        Exchange done = create("recAda");

        assertThat(done.getException()).isInstanceOf(ApiException.class);
        assertThat(sent).hasSize(1);
    }
}
