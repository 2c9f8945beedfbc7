package io.leadsync.sandbox.clickup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.WebhookOutbox;

/**
 * ClickUp's webhooks (contract section 3.6): create, list, update and delete them, and deliver every change to a
 * task ({@link ClickUpWorkspace.TaskChange}) to the webhooks whose events and location cover it, as
 * {@code POST <endpoint>} of {@code {"webhook_id","event","task_id","history_items":[...]}} signed with
 * {@code X-Signature} = hex(HMAC-SHA256(secret, body)). Health: an attempt fails on a non-2xx answer or none within
 * 7 s; a delivery is tried up to 5 more times, then dropped and {@code fail_count} goes up ("failing"); at 100
 * the webhook is "suspended", at once on a 401 or 410 answer; a success makes it "active" with 0 again. A
 * suspended webhook gets nothing until {@code PUT /webhook/{id}} with {@code status: "active"}.
 */
final class ClickUpWebhooks {

    static final int RETRIES = 5;
    static final int SUSPEND_AT = 100;
    /** The events the spec's webhook example lists; only the task ones are produced here. */
    static final Set<String> EVENTS = Set.of("taskCreated", "taskUpdated", "taskDeleted", "taskPriorityUpdated",
            "taskStatusUpdated", "taskAssigneeUpdated", "taskDueDateUpdated", "taskTagUpdated", "taskMoved",
            "taskCommentPosted", "taskCommentUpdated", "taskTimeEstimateUpdated", "taskTimeTrackedUpdated",
            "listCreated", "listUpdated", "listDeleted", "folderCreated", "folderUpdated", "folderDeleted",
            "spaceCreated", "spaceUpdated", "spaceDeleted", "goalCreated", "goalUpdated", "goalDeleted",
            "keyResultCreated", "keyResultUpdated", "keyResultDeleted");

    private final ObjectMapper json;
    private final ClickUpWorkspace ws;
    private final ClickUpJson render;
    private final WebhookOutbox outbox;
    private final EmulatorServer lock;
    /** Ids from a stream of their own, so that webhooks change no task id of a seed. */
    private final ClickUpIds ids;
    private final String clientId;
    private final Map<String, ClickUpWebhook> hooks = new LinkedHashMap<>();
    private volatile Duration timeout = Duration.ofSeconds(7);
    private volatile Duration retryDelay = Duration.ofSeconds(10);

    ClickUpWebhooks(ObjectMapper json, ClickUpWorkspace ws, ClickUpJson render, WebhookOutbox outbox,
                    EmulatorServer lock, long seed) {
        this.json = json;
        this.ws = ws;
        this.render = render;
        this.outbox = outbox;
        this.lock = lock;
        this.ids = new ClickUpIds(seed ^ 0x400cL);
        this.clientId = ids.upperAlphanumerics(32);
    }

    /** How long an attempt waits for the answer (7 s on ClickUp). */
    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** How long before each retry of a failed delivery (UNCONFIRMED: ClickUp does not say; 10 s here). */
    void retryDelay(Duration delay) {
        this.retryDelay = delay;
    }

    // ---------------------------------------------------------------- API

    ObjectNode create(String teamId, JsonNode body) {
        ws.requireTeam(teamId);
        String endpoint = endpoint(body);
        if (endpoint == null) {
            throw ApiError.badParameter("Endpoint must be an http(s) URL");
        }
        List<String> events = events(body.path("events"));
        if (events == null) {
            throw ApiError.badParameter("Events must be a list of event names or \"*\"");
        }
        String space = location(body, "space_id");
        String folder = location(body, "folder_id");
        String list = location(body, "list_id");
        String task = location(body, "task_id");
        if ((space != null ? 1 : 0) + (folder != null ? 1 : 0) + (list != null ? 1 : 0) + (task != null ? 1 : 0) > 1) {
            throw ApiError.badParameter("Only one location per webhook");
        }
        if (space != null) {
            ws.requireSpace(space);
        }
        if (folder != null && !folder.equals(ws.hiddenFolderId)) {
            throw ApiError.notAuthorized();
        }
        if (list != null) {
            ws.requireList(list);
        }
        if (task != null) {
            ws.task(task);
        }
        ClickUpWebhook hook = new ClickUpWebhook(ids.uuid(), ws.userId, ids.upperAlphanumerics(64), endpoint, events,
                space, folder, list, task);
        hooks.put(hook.id, hook);
        return withId(hook);
    }

    /** The webhooks the token's user made. */
    ObjectNode list(String teamId) {
        ws.requireTeam(teamId);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("webhooks");
        hooks.values().stream().filter(h -> h.userId == ws.userId).forEach(h -> list.add(json(h)));
        return out;
    }

    /** Endpoint, events and status, each when present; status "active" makes a failing or suspended one active. */
    ObjectNode update(String id, JsonNode body) {
        ClickUpWebhook hook = find(id);
        String endpoint = null;
        if (body.has("endpoint")) {
            endpoint = endpoint(body);
            if (endpoint == null) {
                throw ApiError.badParameter("Endpoint must be an http(s) URL");
            }
        }
        List<String> events = body.has("events") ? events(body.get("events")) : hook.events;
        if (events == null) {
            throw ApiError.badParameter("Events must be a list of event names or \"*\"");
        }
        String status = body.hasNonNull("status") ? body.get("status").asText() : null;
        if (status != null && !status.equals(ClickUpWebhook.ACTIVE)) {
            throw ApiError.badParameter("Status must be \"active\"");
        }
        if (endpoint != null) {
            hook.endpoint = endpoint;
        }
        hook.events = events;
        if (status != null) {
            hook.status = ClickUpWebhook.ACTIVE;
            hook.failCount = 0;
        }
        return withId(hook);
    }

    ObjectNode delete(String id) {
        hooks.remove(find(id).id);
        return json.createObjectNode();
    }

    List<String> ids() {
        return List.copyOf(hooks.keySet());
    }

    /** Suspends a webhook as ClickUp does after too many failures (for tests and the campaign). */
    void suspend(String id) {
        find(id).status = ClickUpWebhook.SUSPENDED;
    }

    /** The webhooks (secrets and health included) and where their id stream stands, for the saved sandbox. */
    ObjectNode save() {
        ObjectNode doc = json.createObjectNode().put("ids", ids.state());
        ArrayNode list = doc.putArray("webhooks");
        for (ClickUpWebhook h : hooks.values()) {
            ObjectNode hook = list.addObject().put("id", h.id).put("userId", h.userId).put("secret", h.secret)
                    .put("endpoint", h.endpoint).put("spaceId", h.spaceId).put("folderId", h.folderId)
                    .put("listId", h.listId).put("taskId", h.taskId).put("status", h.status).put("failCount", h.failCount);
            ArrayNode events = hook.putArray("events");
            h.events.forEach(events::add);
        }
        return doc;
    }

    /** Replaces the webhooks with saved ones (a document saved before webhooks were kept has none). */
    void load(JsonNode doc) {
        hooks.clear();
        if (doc.isMissingNode()) {
            return;
        }
        ids.restore(doc.get("ids").asLong());
        for (JsonNode h : doc.path("webhooks")) {
            List<String> events = new ArrayList<>();
            h.path("events").forEach(e -> events.add(e.asText()));
            ClickUpWebhook hook = new ClickUpWebhook(h.get("id").asText(), h.get("userId").asInt(),
                    h.get("secret").asText(), h.get("endpoint").asText(), List.copyOf(events), text(h, "spaceId"),
                    text(h, "folderId"), text(h, "listId"), text(h, "taskId"));
            hook.status = h.get("status").asText();
            hook.failCount = h.get("failCount").asInt();
            hooks.put(hook.id, hook);
        }
    }

    private static String text(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asText() : null;
    }

    private ClickUpWebhook find(String id) {
        ClickUpWebhook hook = hooks.get(id);
        if (hook == null) {
            throw ApiError.notAuthorized(); // as for every id that resolves to nothing the token can see
        }
        return hook;
    }

    private static String endpoint(JsonNode body) {
        String endpoint = body.path("endpoint").asText("");
        return endpoint.matches("https?://.+") ? endpoint : null;
    }

    /** An array of known event names, or "*" (alone or as a string); null when neither. */
    private static List<String> events(JsonNode events) {
        if (events.isTextual() && events.asText().equals("*")) {
            return List.of("*");
        }
        if (!events.isArray() || events.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.isTextual() || !(EVENTS.contains(event.asText()) || event.asText().equals("*"))) {
                return null;
            }
            names.add(event.asText());
        }
        return names.contains("*") ? List.of("*") : List.copyOf(names);
    }

    private static String location(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private ObjectNode withId(ClickUpWebhook hook) {
        ObjectNode out = json.createObjectNode().put("id", hook.id);
        out.set("webhook", json(hook));
        return out;
    }

    private ObjectNode json(ClickUpWebhook hook) {
        ObjectNode out = json.createObjectNode()
                .put("id", hook.id)
                .put("userid", hook.userId)
                .put("team_id", Long.parseLong(ws.teamId))
                .put("endpoint", hook.endpoint)
                .put("client_id", clientId);
        ArrayNode events = out.putArray("events");
        hook.events.forEach(events::add);
        out.put("task_id", hook.taskId).put("list_id", hook.listId).put("folder_id", hook.folderId)
                .put("space_id", hook.spaceId);
        out.putObject("health").put("status", hook.status).put("fail_count", hook.failCount);
        return out.put("secret", hook.secret);
    }

    // ---------------------------------------------------------------- deliveries

    /** Called under the state lock for every change to a task: queues a delivery per interested webhook. */
    void changed(ClickUpWorkspace.TaskChange change) {
        for (ClickUpWebhook hook : hooks.values()) {
            if (hook.status.equals(ClickUpWebhook.SUSPENDED) || !hook.wants(change.event()) || !watches(hook, change.task())) {
                continue;
            }
            ObjectNode body = json.createObjectNode().put("webhook_id", hook.id).put("event", change.event())
                    .put("task_id", change.task().id);
            if (!change.event().equals("taskDeleted")) {
                body.set("history_items", historyItems(change));
            }
            String text;
            try {
                text = json.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            send(hook, text);
        }
    }

    private boolean watches(ClickUpWebhook hook, Task task) {
        if (hook.taskId != null) {
            return hook.taskId.equals(task.id);
        }
        if (hook.listId != null) {
            return hook.listId.equals(task.listId);
        }
        if (hook.folderId != null) {
            return hook.folderId.equals(ws.hiddenFolderId);
        }
        return hook.spaceId == null || hook.spaceId.equals(ws.spaceId);
    }

    private void send(ClickUpWebhook hook, String body) {
        String id = hook.id;
        WebhookOutbox.Policy policy = new WebhookOutbox.Policy(RETRIES, n -> retryDelay.toMillis(),
                status -> status / 100 == 2 || status == 401 || status == 410, timeout, true);
        outbox.submit(new WebhookOutbox.Delivery(id, hook.endpoint,
                Map.of("Content-Type", "application/json", "X-Signature", signature(hook.secret, body)), body), policy,
                new WebhookOutbox.Outcome() {
                    @Override
                    public void attempted(int retry, int status, long millis, boolean last) {
                        lock.withState(() -> {
                            health(id, status, last);
                            return null;
                        });
                    }

                    @Override
                    public boolean wanted() {
                        return lock.withState(() -> {
                            ClickUpWebhook now = hooks.get(id);
                            return now != null && !now.status.equals(ClickUpWebhook.SUSPENDED);
                        });
                    }
                });
    }

    private void health(String id, int status, boolean last) {
        ClickUpWebhook hook = hooks.get(id);
        if (hook == null) {
            return;
        }
        if (status / 100 == 2) {
            hook.status = ClickUpWebhook.ACTIVE;
            hook.failCount = 0;
        } else if (status == 401 || status == 410) {
            hook.status = ClickUpWebhook.SUSPENDED;
        } else if (last) {
            hook.failCount++;
            hook.status = hook.failCount >= SUSPEND_AT ? ClickUpWebhook.SUSPENDED : ClickUpWebhook.FAILING;
        }
    }

    /** hex(HMAC-SHA256(key = the secret's bytes, message = the body's bytes)), lower case. */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The history items of a change (shapes from ClickUp's webhook payload docs; those of archived, parent and
     * custom field changes and of removed tags are UNCONFIRMED). A created task has two: its status set from
     * nothing and "task_creation".
     */
    private ArrayNode historyItems(ClickUpWorkspace.TaskChange change) {
        ArrayNode items = json.createArrayNode();
        if (change.event().equals("taskCreated")) {
            items.add(item(change, "status", noStatus(), statusJson(change.task().status)));
            items.add(item(change, "task_creation", json.nullNode(), json.nullNode()));
            return items;
        }
        JsonNode before;
        JsonNode after;
        switch (change.field()) {
            case "status" -> {
                before = change.before() == null ? noStatus() : statusJson((TaskStatus) change.before());
                after = statusJson((TaskStatus) change.after());
            }
            case "priority" -> {
                before = render.priority((Integer) change.before());
                after = render.priority((Integer) change.after());
            }
            case "due_date" -> {
                before = millis(change.before());
                after = millis(change.after());
            }
            case "tag", "tag_removed" -> {
                before = change.before() == null ? json.nullNode() : render.tags(names(change.before()));
                after = change.after() == null ? json.nullNode() : render.tags(names(change.after()));
            }
            case "assignee_add", "assignee_rem" -> {
                before = user(change.before());
                after = user(change.after());
            }
            case "custom_field" -> {
                before = fieldValue(change.before());
                after = fieldValue(change.after());
            }
            default -> {
                before = json.valueToTree(change.before());
                after = json.valueToTree(change.after());
            }
        }
        ObjectNode item = item(change, change.field(), before, after);
        if (change.field().equals("status")) {
            item.putObject("data").put("status_type", ((TaskStatus) change.after()).type());
        } else if (change.field().equals("due_date")) {
            item.putObject("data").put("due_date_time", false);
        } else if (change.field().equals("custom_field")) {
            String fieldId = ((ClickUpWorkspace.FieldValue) change.after()).fieldId();
            ws.field(fieldId).ifPresent(f -> item.set("custom_field", render.fieldIdentity(f)));
        }
        items.add(item);
        return items;
    }

    private ObjectNode item(ClickUpWorkspace.TaskChange change, String field, JsonNode before, JsonNode after) {
        ObjectNode item = json.createObjectNode()
                .put("id", ids.historyItemId())
                .put("type", 1)
                .put("date", Long.toString(ws.now()))
                .put("field", field)
                .put("parent_id", change.task().listId);
        item.putObject("data");
        item.putNull("source");
        item.set("user", user(change.actor()));
        item.set("before", before);
        item.set("after", after);
        return item;
    }

    private ObjectNode statusJson(TaskStatus s) {
        return json.createObjectNode().put("status", s.status()).put("color", s.color()).put("orderindex", s.orderindex())
                .put("type", s.type());
    }

    /** How the docs show "no status yet" before a created task's first. */
    private ObjectNode noStatus() {
        return json.createObjectNode().putNull("status").put("color", "#000000").put("type", "removed")
                .put("orderindex", -1);
    }

    private JsonNode millis(Object value) {
        return value == null ? json.nullNode() : json.getNodeFactory().textNode(value.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Object value) {
        return (List<String>) value;
    }

    private JsonNode user(Object userId) {
        return userId == null ? json.nullNode()
                : ws.member((Integer) userId).<JsonNode>map(render::member).orElse(json.nullNode());
    }

    private JsonNode fieldValue(Object value) {
        JsonNode v = ((ClickUpWorkspace.FieldValue) value).value();
        return v == null ? json.nullNode() : v.deepCopy();
    }
}
