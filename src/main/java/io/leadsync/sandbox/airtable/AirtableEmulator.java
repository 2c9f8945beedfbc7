package io.leadsync.sandbox.airtable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.Request;
import io.leadsync.sandbox.Response;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SlidingWindowLimiter;

/**
 * Airtable Web API v0 emulator: records (list, get, create, update, upsert, delete), list iterators,
 * webhooks (payloads and signed notification pings),
 * filterByFormula, the meta API for bases and tables, Bearer auth and Airtable's rate limits.
 * State changes made through the Java API go through the same code (and the same lock) as HTTP writes.
 */
public final class AirtableEmulator extends EmulatorServer {

    static final int MAX_BATCH = 10;
    private static final Pattern BASE_IN_PATH = Pattern.compile("^/v0/(?:bases/|meta/bases/)?(app[A-Za-z0-9]+)(?:/.*)?$");

    private final AirtableIds ids;
    private final SlidingWindowLimiter perBase;
    private final SlidingWindowLimiter perToken;
    private final WebhookHub webhooks;
    private final AirtableStore store;

    public AirtableEmulator(Clock clock, long seed) {
        this(clock, seed, AirtableLimits.defaults());
    }

    public AirtableEmulator(Clock clock, long seed, AirtableLimits limits) {
        super(clock);
        this.ids = new AirtableIds(seed);
        this.perBase = new SlidingWindowLimiter(limits.perBasePerSecond(), 1000, limits.penalty().toMillis());
        this.perToken = new SlidingWindowLimiter(limits.perTokenPerSecond(), 1000, limits.penalty().toMillis());
        this.webhooks = new WebhookHub(clock, ids, deliveries(), action -> withState(() -> {
            action.run();
            return null;
        }));
        this.store = new AirtableStore(clock, ids, webhooks);
        RecordsApi records = new RecordsApi(store, new ListCursors(ids, limits.iteratorTtl().toMillis()));
        route("POST", "/v0/bases/{baseId}/webhooks", api(r -> webhooks.create(store.base(r.pathParam("baseId")), r.jsonBody())));
        route("GET", "/v0/bases/{baseId}/webhooks", api(r -> webhooks.list(store.base(r.pathParam("baseId")))));
        route("DELETE", "/v0/bases/{baseId}/webhooks/{webhookId}",
                api(r -> webhooks.delete(store.base(r.pathParam("baseId")), r.pathParam("webhookId"))));
        route("POST", "/v0/bases/{baseId}/webhooks/{webhookId}/refresh",
                api(r -> webhooks.refresh(store.base(r.pathParam("baseId")), r.pathParam("webhookId"))));
        route("POST", "/v0/bases/{baseId}/webhooks/{webhookId}/enableNotifications", api(r ->
                webhooks.enableNotifications(store.base(r.pathParam("baseId")), r.pathParam("webhookId"), r.jsonBody())));
        route("GET", "/v0/bases/{baseId}/webhooks/{webhookId}/payloads", api(r -> webhooks.payloads(
                store.base(r.pathParam("baseId")), r.pathParam("webhookId"), r.query("cursor"), r.query("limit"))));
        // the token's user (GET /v0/meta/whoami: id, and scopes; email only with the user.email:read scope)
        route("GET", "/v0/meta/whoami", api(r -> SchemaJson.ordered("id", WebhookHub.SANDBOX_USER_ID, "scopes",
                List.of("data.records:read", "data.records:write", "schema.bases:read", "webhook:manage"))));
        route("GET", "/v0/meta/bases", api(r -> Map.of("bases", store.bases().stream().map(SchemaJson::base).toList())));
        route("GET", "/v0/meta/bases/{baseId}/tables", api(r -> Map.of("tables",
                store.base(r.pathParam("baseId")).tablesById.values().stream().map(SchemaJson::table).toList())));
        route("POST", "/v0/{baseId}/{table}/listRecords",
                api(r -> records.list(r, ListOptions.fromBody(r.jsonBody(), r))));
        route("GET", "/v0/{baseId}/{table}", api(r -> records.list(r, ListOptions.fromQuery(r))));
        route("POST", "/v0/{baseId}/{table}", api(records::create));
        route("PATCH", "/v0/{baseId}/{table}", api(r -> records.updateMany(r, false)));
        route("PUT", "/v0/{baseId}/{table}", api(r -> records.updateMany(r, true)));
        route("DELETE", "/v0/{baseId}/{table}", api(records::deleteMany));
        route("GET", "/v0/{baseId}/{table}/{recordId}", api(records::get));
        route("PATCH", "/v0/{baseId}/{table}/{recordId}", api(r -> records.updateOne(r, false)));
        route("PUT", "/v0/{baseId}/{table}/{recordId}", api(r -> records.updateOne(r, true)));
        route("DELETE", "/v0/{baseId}/{table}/{recordId}", api(records::deleteOne));
    }

    @Override
    public String name() {
        return "airtable";
    }

    @Override
    protected JsonNode saveState() {
        return SavedAirtable.save(store).set("webhooks", webhooks.save());
    }

    @Override
    protected void loadState(JsonNode saved) {
        SavedAirtable.load(store, saved);
        webhooks.load(saved.path("webhooks"));
    }

    // ---------------------------------------------------------------- service behaviour

    @Override
    protected Response authenticate(Request request) {
        if (("Bearer " + SandboxCredentials.AIRTABLE_TOKEN).equals(request.header("Authorization"))) {
            return null;
        }
        return error(401, "AUTHENTICATION_REQUIRED", "Authentication required");
    }

    /** 50/s per token and 5/s per base (meta routes without a base count per token); a 429 starts the penalty. */
    @Override
    protected Response rateLimit(Request request) {
        long now = clock.millis();
        Matcher base = BASE_IN_PATH.matcher(request.path());
        String baseKey = base.matches() ? base.group(1) : "token:" + SandboxCredentials.AIRTABLE_TOKEN;
        if (perToken.acquire(SandboxCredentials.AIRTABLE_TOKEN, now) != 0 || perBase.acquire(baseKey, now) != 0) {
            return rateLimited();
        }
        return null;
    }

    @Override
    protected Response faultResponse(Fault fault, Request request) {
        return switch (fault) {
            case RATE_LIMIT -> rateLimited();
            case BAD_GATEWAY_502 -> error(502, "SERVER_ERROR",
                    "Airtable's servers are restarting or an unexpected outage is in progress. Please retry the request.");
            case UNAVAILABLE_503 -> error(503, "SERVICE_UNAVAILABLE",
                    "The server could not process your request in time. Please retry the request with backoff.");
            default -> error(500, "SERVER_ERROR", "The server encountered an unexpected condition.");
        };
    }

    @Override
    protected Response unknownRoute(Request request) {
        return Response.json(404, Map.of("error", "NOT_FOUND"));
    }

    @Override
    protected Response malformedBody(Request request, String reason) {
        return error(400, "INVALID_REQUEST_UNKNOWN",
                "The request encoding is invalid; the request can't be parsed as a valid JSON.");
    }

    private static Response rateLimited() {
        return Response.json(429, Map.of("errors", List.of(SchemaJson.ordered("error", "RATE_LIMIT_REACHED",
                "message", "Rate limit exceeded. Please try again later"))));
    }

    private static Response error(int status, String type, String message) {
        return Response.json(status, Map.of("error", SchemaJson.ordered("type", type, "message", message)));
    }

    private Handler api(Function<Request, Object> action) {
        return request -> {
            try {
                Response ok = Response.json(200, action.apply(request));
                webhooks.commit("publicApi");
                return ok;
            } catch (AirtableException | Request.MalformedBodyException e) {
                webhooks.discard();
                if (e instanceof AirtableException airtable) {
                    return error(airtable.status, airtable.type, airtable.getMessage());
                }
                throw e;
            }
        };
    }

    // ---------------------------------------------------------------- Java API for tests and simulated users

    /** Creates an empty base; returns its id. */
    public String createBase(String name) {
        return withState(() -> store.addBase(ids.next("app"), name).id);
    }

    /** Creates a table (the first field is the primary field); returns its id. */
    public String createTable(String baseId, String name, List<FieldSpec> fields) {
        return withState(() -> store.createTable(baseId, name, fields).id);
    }

    /** The sandbox base "Leadsync Sandbox" with a "Leads" table of the full schema and ten leads. */
    public SeededTable seedLeads() {
        return seedLeads(LeadsSeed.schema());
    }

    /** Like {@link #seedLeads()} but with a custom schema; seed values for missing fields are left out. */
    public SeededTable seedLeads(List<FieldSpec> schema) {
        return asUser(() -> {
            if (!store.hasBase(LeadsSeed.BASE_ID)) {
                store.addBase(LeadsSeed.BASE_ID, LeadsSeed.BASE_NAME);
            }
            String tableId = createTable(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME, schema);
            Table table = store.table(LeadsSeed.BASE_ID, tableId);
            LeadsSeed.handWritten().forEach(lead -> insertJava(table, onlyKnownFields(table, lead)));
            return new SeededTable(LeadsSeed.BASE_ID, tableId, LeadsSeed.TABLE_NAME);
        });
    }

    /** Adds n generated leads ("Lead 000001", …) to a table of the leads schema; returns their ids. */
    public List<String> addGeneratedLeads(String baseId, String table, int n) {
        return asUser(() -> {
            Table t = store.table(baseId, table);
            int start = t.records.size();
            List<String> created = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                created.add(insertJava(t, onlyKnownFields(t, LeadsSeed.generated(start + i))).id);
            }
            return created;
        });
    }

    public List<RecordSnapshot> records(String baseId, String table) {
        return withState(() -> {
            Table t = store.table(baseId, table);
            return t.records.values().stream().map(r -> snapshot(t, r)).toList();
        });
    }

    /** The table's field names in the order of its schema (the primary field first). */
    public List<String> fieldNames(String baseId, String table) {
        return withState(() -> store.table(baseId, table).fields.stream().map(f -> f.name).toList());
    }

    public Optional<RecordSnapshot> record(String baseId, String table, String recordId) {
        return withState(() -> {
            Table t = store.table(baseId, table);
            return Optional.ofNullable(t.records.get(recordId)).map(r -> snapshot(t, r));
        });
    }

    /** Creates a record as a user would (values validated, new select choices added); returns its id. */
    public String createRecord(String baseId, String table, Map<String, ?> fields) {
        return asUser(() -> insertJava(store.table(baseId, table), fields).id);
    }

    /** Changes some cells of a record (null clears), bumping its last-modified time if anything changed. */
    public void updateRecord(String baseId, String table, String recordId, Map<String, ?> fields) {
        asUser(() -> {
            Table t = store.table(baseId, table);
            StoredRecord record = t.records.get(recordId);
            if (record == null) {
                throw new IllegalArgumentException("No record " + recordId + " in " + t.name);
            }
            AirtableStore.Writes writes = store.writes(t, true);
            Map<Field, Object> values = javaValues(writes, fields);
            writes.commitChoices();
            store.apply(t, record, values, false);
            return null;
        });
    }

    public void setField(String baseId, String table, String recordId, String field, Object value) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(field, value);
        updateRecord(baseId, table, recordId, one);
    }

    public void deleteRecord(String baseId, String table, String recordId) {
        asUser(() -> {
            Table t = store.table(baseId, table);
            if (!t.records.containsKey(recordId)) {
                throw new IllegalArgumentException("No record " + recordId + " in " + t.name);
            }
            store.remove(t, recordId);
            return null;
        });
    }

    /** When any record of the table last changed (created, edited or deleted). */
    public Instant tableLastModified(String baseId, String table) {
        return withState(() -> Instant.ofEpochMilli(store.table(baseId, table).lastModifiedMillis));
    }

    /** The current choice names of a singleSelect field (typecast writes add to them). */
    public List<String> choices(String baseId, String table, String field) {
        return withState(() -> AirtableStore.field(store.table(baseId, table), field).choices().stream()
                .map(Field.Choice::name).toList());
    }

    /** The base's webhooks expire now, as after 7 days without a refresh (for tests and the campaign). */
    public void expireWebhooks(String baseId) {
        withState(() -> {
            webhooks.expire(store.base(baseId));
            return null;
        });
    }

    /** How long the first retry of a failed notification ping waits (doubling after; default 10 s). */
    public void webhookRetryBackoff(Duration firstBackoff) {
        webhooks.notifier().firstBackoff(firstBackoff);
    }

    /**
     * A change made by a simulated person in the Airtable UI: one transaction, webhook source "client", by a
     * collaborator of the base other than the token's user.
     */
    private <T> T asUser(Supplier<T> change) {
        return withState(() -> {
            try {
                T result = change.get();
                webhooks.commit("client");
                return result;
            } catch (RuntimeException e) {
                webhooks.discard();
                throw e;
            }
        });
    }


    private StoredRecord insertJava(Table table, Map<String, ?> fields) {
        AirtableStore.Writes writes = store.writes(table, true);
        Map<Field, Object> values = javaValues(writes, fields);
        writes.commitChoices();
        return store.insert(table, values);
    }

    /** Seed data for a table built without some of the leads fields. */
    private static Map<String, Object> onlyKnownFields(Table table, Map<String, Object> lead) {
        lead.keySet().removeIf(name -> table.field(name) == null);
        return lead;
    }

    private static Map<Field, Object> javaValues(AirtableStore.Writes writes, Map<String, ?> fields) {
        try {
            return writes.convertJava(fields);
        } catch (AirtableException e) {
            throw new IllegalArgumentException(e.type + ": " + e.getMessage(), e);
        }
    }

    private static RecordSnapshot snapshot(Table table, StoredRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field f : table.fields) {
            Object value = switch (f.type) {
                case LAST_MODIFIED_TIME -> record.modified();
                case CREATED_TIME -> record.created();
                default -> record.get(f);
            };
            if (value != null) {
                fields.put(f.name, value);
            }
        }
        return new RecordSnapshot(record.id, record.created(), record.modified(), fields);
    }
}
