package io.leadsync.sandbox.airtable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.sandbox.WebhookOutbox;
import io.leadsync.time.IsoTimes;

/**
 * The webhooks API: webhooks per base, one payload per write transaction that touched watched tables, and
 * a notification ping per payload. Record changes are collected while a request runs and turned into a
 * payload by {@link #commit(String)}; nothing is collected for bases without webhooks.
 */
final class WebhookHub {

    static final int MAX_PER_BASE = 10;
    static final int MAX_PAYLOAD_PAGE = 50;
    static final Duration LIFETIME = Duration.ofDays(7);
    /** How long payloads are kept, and an expired webhook's metadata and payloads stay readable. */
    static final Duration RETENTION = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> PAYLOAD = new TypeReference<>() {
    };
    private static final Set<String> DATA_TYPES = Set.of("tableData", "tableFields", "tableMetadata");
    /** The token's user: changes over the API ({@code publicApi}) are by it; {@code GET /v0/meta/whoami} names it. */
    static final String SANDBOX_USER_ID = "usrSANDBOXUSER001";
    private static final Map<String, Object> SANDBOX_USER = SchemaJson.ordered("id", SANDBOX_USER_ID,
            "email", "sandbox@leadsync.invalid", "permissionLevel", "create", "name", "Sandbox User");
    /** A collaborator of the base: changes in the UI ({@code client}, simulated people) are by her. */
    private static final Map<String, Object> PERSON = SchemaJson.ordered("id", "usrSANDBOXPERSN01",
            "email", "dana@leadsync.invalid", "permissionLevel", "create", "name", "Dana Seller");

    /** Changes to one table within the current transaction. */
    private static final class TableChanges {
        final Map<String, StoredRecord> created = new LinkedHashMap<>();
        final Map<String, StoredRecord> changed = new LinkedHashMap<>();
        final Map<String, Map<Field, Object>> previous = new HashMap<>();
        final List<String> destroyed = new ArrayList<>();
    }

    private final Clock clock;
    private final AirtableIds ids;
    private final WebhookNotifier notifier;
    private final Map<String, AirtableWebhook> webhooks = new LinkedHashMap<>();
    private final Map<String, Integer> transactionNumbers = new HashMap<>();
    private final Map<Table, TableChanges> pending = new LinkedHashMap<>();

    /** {@code underLock} runs notification outcomes under the emulator's state lock. */
    WebhookHub(Clock clock, AirtableIds ids, WebhookOutbox outbox, Consumer<Runnable> underLock) {
        this.clock = clock;
        this.ids = ids;
        this.notifier = new WebhookNotifier(outbox, (hook, success, retry, millis, gaveUp) -> underLock.accept(() -> {
            Map<String, Object> result = SchemaJson.ordered("success", success, "completionTimestamp",
                    IsoTimes.format(clock.instant()), "durationMs", millis, "retryNumber", retry);
            if (!success) {
                result.put("error", SchemaJson.ordered("message", "The notification could not be delivered."));
                result.put("willBeRetried", !gaveUp);
            }
            hook.lastNotificationResult = result;
            if (success) {
                hook.lastSuccessfulNotificationMillis = clock.millis();
            }
            if (gaveUp) {
                hook.notificationsEnabled = false;
            }
        }));
    }

    WebhookNotifier notifier() {
        return notifier;
    }

    // ---------------------------------------------------------------- change tracking

    void created(Table table, StoredRecord record) {
        if (watched(table)) {
            changes(table).created.put(record.id, record);
        }
    }

    void changed(Table table, StoredRecord record, Map<Field, Object> previousValues) {
        if (!watched(table)) {
            return;
        }
        TableChanges changes = changes(table);
        if (changes.created.containsKey(record.id)) {
            return; // the created entry shows the final values
        }
        changes.changed.put(record.id, record);
        Map<Field, Object> before = changes.previous.computeIfAbsent(record.id, k -> new LinkedHashMap<>());
        previousValues.forEach(before::putIfAbsent);
    }

    void destroyed(Table table, String recordId) {
        if (watched(table)) {
            TableChanges changes = changes(table);
            if (changes.created.remove(recordId) == null) {
                changes.changed.remove(recordId);
                changes.destroyed.add(recordId);
            }
        }
    }

    void discard() {
        pending.clear();
    }

    /** Turns the collected changes into one payload per interested webhook and pings it. */
    void commit(String source) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<Table>> tablesByBase = new LinkedHashMap<>();
        pending.keySet().forEach(t -> tablesByBase.computeIfAbsent(t.baseId, k -> new ArrayList<>()).add(t));
        Instant now = clock.instant();
        tablesByBase.forEach((baseId, tables) -> {
            int transaction = transactionNumbers.merge(baseId, 1, Integer::sum);
            for (AirtableWebhook hook : webhooks.values()) {
                expireIfDue(hook);
                if (!hook.baseId.equals(baseId)) {
                    continue;
                }
                Map<String, Object> changedTables = new LinkedHashMap<>();
                tables.stream().filter(t -> hook.watchesRecordsOf(t.id))
                        .forEach(t -> changedTables.put(t.id, tableJson(t, pending.get(t), hook.includesPreviousValues())));
                if (!changedTables.isEmpty()) {
                    hook.payloadMillis.add(now.toEpochMilli());
                    hook.payloads.add(SchemaJson.ordered("timestamp", IsoTimes.format(now),
                            "baseTransactionNumber", transaction, "payloadFormat", "v0",
                            "actionMetadata", SchemaJson.ordered("source", source,
                                    "sourceMetadata", SchemaJson.ordered("user",
                                            "publicApi".equals(source) ? SANDBOX_USER : PERSON)),
                            "changedTablesById", changedTables));
                    ping(hook, now);
                }
            }
        });
        pending.clear();
    }

    private boolean watched(Table table) {
        return webhooks.values().stream().anyMatch(h -> h.baseId.equals(table.baseId) && h.hookEnabled);
    }

    private TableChanges changes(Table table) {
        return pending.computeIfAbsent(table, t -> new TableChanges());
    }

    private static Map<String, Object> tableJson(Table table, TableChanges changes, boolean withPrevious) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!changes.created.isEmpty()) {
            Map<String, Object> created = new LinkedHashMap<>();
            changes.created.forEach((id, r) -> created.put(id, SchemaJson.ordered("createdTime",
                    IsoTimes.format(r.created()), "cellValuesByFieldId",
                    cells(r, table.fields.stream().filter(f -> r.get(f) != null).toList()))));
            out.put("createdRecordsById", created);
        }
        if (!changes.changed.isEmpty()) {
            Map<String, Object> changed = new LinkedHashMap<>();
            changes.changed.forEach((id, r) -> {
                Map<Field, Object> before = changes.previous.get(id);
                Map<String, Object> entry = SchemaJson.ordered("current",
                        SchemaJson.ordered("cellValuesByFieldId", cells(r, before.keySet())));
                if (withPrevious) {
                    Map<String, Object> old = new LinkedHashMap<>();
                    before.forEach((f, v) -> old.put(f.id, CellValues.wire(v)));
                    entry.put("previous", SchemaJson.ordered("cellValuesByFieldId", old));
                }
                changed.put(id, entry);
            });
            out.put("changedRecordsById", changed);
        }
        if (!changes.destroyed.isEmpty()) {
            out.put("destroyedRecordIds", List.copyOf(changes.destroyed));
        }
        return out;
    }

    /** Cell values by field id; null values show cleared cells. */
    private static Map<String, Object> cells(StoredRecord record, Collection<Field> fields) {
        Map<String, Object> cells = new LinkedHashMap<>();
        fields.forEach(f -> cells.put(f.id, CellValues.wire(record.get(f))));
        return cells;
    }

    private void ping(AirtableWebhook hook, Instant now) {
        if (hook.notificationUrl != null && hook.notificationsEnabled) {
            String body = "{\"base\":{\"id\":\"" + hook.baseId + "\"},\"webhook\":{\"id\":\"" + hook.id
                    + "\"},\"timestamp\":\"" + IsoTimes.format(now) + "\"}";
            notifier.ping(hook, body);
        }
    }

    private void expireIfDue(AirtableWebhook hook) {
        if (clock.millis() >= hook.expirationMillis) {
            hook.hookEnabled = false;
        }
    }

    // ---------------------------------------------------------------- webhooks API

    Map<String, Object> create(Base base, JsonNode body) {
        JsonNode spec = body.path("specification");
        JsonNode dataTypes = spec.path("options").path("filters").path("dataTypes");
        if (!dataTypes.isArray() || dataTypes.isEmpty()) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN",
                    "specification.options.filters.dataTypes must list at least one data type");
        }
        dataTypes.forEach(t -> {
            if (!DATA_TYPES.contains(t.asText())) {
                throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "Unknown data type " + t);
            }
        });
        String scope = spec.path("options").path("filters").path("recordChangeScope").asText(null);
        if (scope != null && !base.tablesById.containsKey(scope)) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "recordChangeScope " + scope + " is not a table of this base");
        }
        String url = body.hasNonNull("notificationUrl") ? body.get("notificationUrl").asText() : null;
        if (url != null && !url.matches("https?://.+")) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "notificationUrl must be an http(s) URL");
        }
        forgetWhatIsGone();
        if (webhooks.values().stream().filter(h -> h.baseId.equals(base.id)).count() >= MAX_PER_BASE) {
            throw AirtableException.unprocessable("TOO_MANY_WEBHOOKS", "A base can have at most " + MAX_PER_BASE + " webhooks");
        }
        AirtableWebhook hook = new AirtableWebhook(ids.next("ach"), base.id, url, spec.deepCopy(), ids.bytes(32),
                clock.millis() + LIFETIME.toMillis());
        webhooks.put(hook.id, hook);
        return SchemaJson.ordered("id", hook.id, "macSecretBase64", Base64.getEncoder().encodeToString(hook.macSecret),
                "expirationTime", IsoTimes.format(Instant.ofEpochMilli(hook.expirationMillis)));
    }

    Map<String, Object> list(Base base) {
        forgetWhatIsGone();
        return Map.of("webhooks", webhooks.values().stream().filter(h -> h.baseId.equals(base.id)).map(this::json).toList());
    }

    Map<String, Object> delete(Base base, String webhookId) {
        webhooks.remove(find(base, webhookId).id);
        return Map.of();
    }

    Map<String, Object> refresh(Base base, String webhookId) {
        AirtableWebhook hook = find(base, webhookId);
        expireIfDue(hook);
        if (!hook.hookEnabled) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "Only active webhooks can be refreshed");
        }
        hook.expirationMillis = clock.millis() + LIFETIME.toMillis();
        return Map.of("expirationTime", IsoTimes.format(Instant.ofEpochMilli(hook.expirationMillis)));
    }

    /** Every webhook of the base expires now. */
    void expire(Base base) {
        webhooks.values().stream().filter(h -> h.baseId.equals(base.id)).forEach(h -> {
            h.expirationMillis = Math.min(h.expirationMillis, clock.millis());
            expireIfDue(h);
        });
    }

    Map<String, Object> enableNotifications(Base base, String webhookId, JsonNode body) {
        if (!body.path("enable").isBoolean()) {
            throw AirtableException.invalidRequest();
        }
        find(base, webhookId).notificationsEnabled = body.get("enable").asBoolean();
        return Map.of();
    }

    /** A page of payloads from the cursor; listing also extends an active webhook's life by 7 days. */
    Map<String, Object> payloads(Base base, String webhookId, String cursorParam, String limitParam) {
        AirtableWebhook hook = find(base, webhookId);
        int cursor = intParam(cursorParam, 1);
        int limit = intParam(limitParam, MAX_PAYLOAD_PAGE);
        if (cursor < 1 || limit < 1 || limit > MAX_PAYLOAD_PAGE) {
            throw AirtableException.invalidRequest();
        }
        expireIfDue(hook);
        if (hook.hookEnabled) {
            hook.expirationMillis = clock.millis() + LIFETIME.toMillis();
        }
        int from = Math.min(Math.max(cursor - hook.firstCursor, 0), hook.payloads.size());
        int to = Math.min(from + limit, hook.payloads.size());
        return SchemaJson.ordered("cursor", hook.firstCursor + to, "mightHaveMore", to < hook.payloads.size(),
                "payloads", List.copyOf(hook.payloads.subList(from, to)));
    }

    private Map<String, Object> json(AirtableWebhook hook) {
        expireIfDue(hook);
        return SchemaJson.ordered("id", hook.id, "areNotificationsEnabled", hook.notificationsEnabled,
                "cursorForNextPayload", hook.nextCursor(), "isHookEnabled", hook.hookEnabled,
                "lastSuccessfulNotificationTime", hook.lastSuccessfulNotificationMillis == null ? null
                        : IsoTimes.format(Instant.ofEpochMilli(hook.lastSuccessfulNotificationMillis)),
                "notificationUrl", hook.notificationUrl,
                "expirationTime", IsoTimes.format(Instant.ofEpochMilli(hook.expirationMillis)),
                "lastNotificationResult", hook.lastNotificationResult, "specification", hook.specification);
    }

    /**
     * Payloads go a week after they were made; an expired webhook, with its payloads, a week after it expired
     * (until then its metadata and payloads stay readable).
     */
    private void forgetWhatIsGone() {
        long now = clock.millis();
        webhooks.values().removeIf(h -> now >= h.expirationMillis + RETENTION.toMillis());
        webhooks.values().forEach(h -> h.forgetPayloadsUntil(now - RETENTION.toMillis()));
    }

    // ---------------------------------------------------------------- saved sandbox

    /** Every webhook with its MAC secret, payloads and notification state, and the bases' transaction numbers. */
    ObjectNode save() {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("transactionNumbers", JSON.valueToTree(transactionNumbers));
        ArrayNode list = doc.putArray("webhooks");
        for (AirtableWebhook h : webhooks.values()) {
            ObjectNode hook = list.addObject().put("id", h.id).put("baseId", h.baseId)
                    .put("notificationUrl", h.notificationUrl)
                    .put("macSecret", Base64.getEncoder().encodeToString(h.macSecret))
                    .put("expiration", h.expirationMillis).put("hookEnabled", h.hookEnabled)
                    .put("notificationsEnabled", h.notificationsEnabled)
                    .put("lastSuccessfulNotification", h.lastSuccessfulNotificationMillis)
                    .put("firstCursor", h.firstCursor);
            hook.set("specification", h.specification);
            hook.set("lastNotificationResult", JSON.valueToTree(h.lastNotificationResult));
            hook.set("payloads", JSON.valueToTree(h.payloads));
            hook.set("payloadTimes", JSON.valueToTree(h.payloadMillis));
        }
        return doc;
    }

    /** Replaces the webhooks with saved ones (a document saved before webhooks were kept has none). */
    void load(JsonNode doc) {
        webhooks.clear();
        transactionNumbers.clear();
        doc.path("transactionNumbers").fields().forEachRemaining(e -> transactionNumbers.put(e.getKey(), e.getValue().asInt()));
        for (JsonNode h : doc.path("webhooks")) {
            AirtableWebhook hook = new AirtableWebhook(h.get("id").asText(), h.get("baseId").asText(),
                    h.hasNonNull("notificationUrl") ? h.get("notificationUrl").asText() : null,
                    h.get("specification").deepCopy(), Base64.getDecoder().decode(h.get("macSecret").asText()),
                    h.get("expiration").asLong());
            hook.hookEnabled = h.get("hookEnabled").asBoolean();
            hook.notificationsEnabled = h.get("notificationsEnabled").asBoolean();
            hook.lastSuccessfulNotificationMillis = h.hasNonNull("lastSuccessfulNotification")
                    ? h.get("lastSuccessfulNotification").asLong() : null;
            hook.lastNotificationResult = h.hasNonNull("lastNotificationResult")
                    ? JSON.convertValue(h.get("lastNotificationResult"), PAYLOAD) : null;
            hook.firstCursor = h.get("firstCursor").asInt();
            h.path("payloads").forEach(payload -> hook.payloads.add(JSON.convertValue(payload, PAYLOAD)));
            h.path("payloadTimes").forEach(at -> hook.payloadMillis.add(at.asLong()));
            webhooks.put(hook.id, hook);
        }
    }

    private AirtableWebhook find(Base base, String webhookId) {
        forgetWhatIsGone();
        AirtableWebhook hook = webhooks.get(webhookId);
        if (hook == null || !hook.baseId.equals(base.id)) {
            throw new AirtableException(404, "NOT_FOUND", "Could not find webhook " + webhookId);
        }
        return hook;
    }

    private static int intParam(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw AirtableException.invalidRequest();
        }
    }
}
