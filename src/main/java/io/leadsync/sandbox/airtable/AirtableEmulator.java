package io.leadsync.sandbox.airtable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
    private static final Pattern TABLE_ID = Pattern.compile("tbl[A-Za-z0-9]{14}");

    private final IdGenerator ids;
    private final ListCursors cursors;
    private final SlidingWindowLimiter perBase;
    private final SlidingWindowLimiter perToken;
    private final Map<String, Base> bases = new LinkedHashMap<>();
    private final WebhookHub webhooks;

    public AirtableEmulator(Clock clock, long seed) {
        this(clock, seed, AirtableLimits.defaults());
    }

    public AirtableEmulator(Clock clock, long seed, AirtableLimits limits) {
        super(clock);
        this.ids = new IdGenerator(seed);
        this.cursors = new ListCursors(ids, limits.iteratorTtl().toMillis());
        this.perBase = new SlidingWindowLimiter(limits.perBasePerSecond(), 1000, limits.penalty().toMillis());
        this.perToken = new SlidingWindowLimiter(limits.perTokenPerSecond(), 1000, limits.penalty().toMillis());
        this.webhooks = new WebhookHub(clock, ids, action -> withState(() -> {
            action.run();
            return null;
        }));
        route("POST", "/v0/bases/{baseId}/webhooks", api(r -> webhooks.create(base(r.pathParam("baseId")), r.jsonBody())));
        route("GET", "/v0/bases/{baseId}/webhooks", api(r -> webhooks.list(base(r.pathParam("baseId")))));
        route("DELETE", "/v0/bases/{baseId}/webhooks/{webhookId}",
                api(r -> webhooks.delete(base(r.pathParam("baseId")), r.pathParam("webhookId"))));
        route("POST", "/v0/bases/{baseId}/webhooks/{webhookId}/refresh",
                api(r -> webhooks.refresh(base(r.pathParam("baseId")), r.pathParam("webhookId"))));
        route("POST", "/v0/bases/{baseId}/webhooks/{webhookId}/enableNotifications", api(r ->
                webhooks.enableNotifications(base(r.pathParam("baseId")), r.pathParam("webhookId"), r.jsonBody())));
        route("GET", "/v0/bases/{baseId}/webhooks/{webhookId}/payloads", api(r -> webhooks.payloads(
                base(r.pathParam("baseId")), r.pathParam("webhookId"), r.query("cursor"), r.query("limit"))));
        route("GET", "/v0/meta/bases", api(r -> Map.of("bases", bases.values().stream().map(SchemaJson::base).toList())));
        route("GET", "/v0/meta/bases/{baseId}/tables", api(r -> Map.of("tables",
                base(r.pathParam("baseId")).tablesById.values().stream().map(SchemaJson::table).toList())));
        route("POST", "/v0/{baseId}/{table}/listRecords",
                api(r -> list(table(r), ListOptions.fromBody(r.jsonBody(), r))));
        route("GET", "/v0/{baseId}/{table}", api(r -> list(table(r), ListOptions.fromQuery(r))));
        route("POST", "/v0/{baseId}/{table}", api(this::create));
        route("PATCH", "/v0/{baseId}/{table}", api(r -> updateMany(r, false)));
        route("PUT", "/v0/{baseId}/{table}", api(r -> updateMany(r, true)));
        route("DELETE", "/v0/{baseId}/{table}", api(this::deleteMany));
        route("GET", "/v0/{baseId}/{table}/{recordId}", api(this::get));
        route("PATCH", "/v0/{baseId}/{table}/{recordId}", api(r -> updateOne(r, false)));
        route("PUT", "/v0/{baseId}/{table}/{recordId}", api(r -> updateOne(r, true)));
        route("DELETE", "/v0/{baseId}/{table}/{recordId}", api(this::deleteOne));
    }

    @Override
    public String name() {
        return "airtable";
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

    // ---------------------------------------------------------------- records API

    private Map<String, Object> list(Table table, ListOptions options) {
        if (options.view() != null && !table.hasView(options.view())) {
            throw AirtableException.unprocessable("VIEW_NAME_NOT_FOUND", "View " + options.view() + " not found");
        }
        List<Field> shown = options.fields().isEmpty() ? table.fields
                : options.fields().stream().map(name -> field(table, name)).toList();
        long now = clock.millis();
        ListCursors.Position start = options.offset() == null
                ? new ListCursors.Position(matchingIds(table, options), 0)
                : cursors.resume(options.offset(), now);
        List<Map<String, Object>> page = new ArrayList<>();
        int next = start.index();
        while (next < start.ids().size() && page.size() < options.pageSize()) {
            StoredRecord record = table.records.get(start.ids().get(next++));
            if (record != null) { // deleted since the first page
                page.add(RecordJson.of(table, record, shown, options.returnFieldsByFieldId(), options.cellFormatString()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", page);
        if (next < start.ids().size()) {
            out.put("offset", cursors.issue(start.ids(), next, now));
        }
        return out;
    }

    /** The ids a listing walks through, frozen at its first page: filtered, sorted, capped by maxRecords. */
    private List<String> matchingIds(Table table, ListOptions options) {
        List<StoredRecord> rows = new ArrayList<>(table.records.values());
        if (options.filterByFormula() != null) {
            Formula formula = parseFormula(table, options.filterByFormula());
            RecordRow row = new RecordRow();
            Instant now = clock.instant();
            rows.removeIf(r -> !formula.matches(row.at(r), now));
        }
        if (!options.sort().isEmpty()) {
            Comparator<StoredRecord> order = null;
            for (ListOptions.Sort sort : options.sort()) {
                Field field = field(table, sort.field());
                Comparator<StoredRecord> byField = Comparator.comparing(r -> CellValues.forFormula(field, r),
                        CellOrder.INSTANCE);
                byField = sort.descending() ? byField.reversed() : byField;
                order = order == null ? byField : order.thenComparing(byField);
            }
            rows.sort(order);
        }
        int cap = options.maxRecords() == null ? rows.size() : Math.min(rows.size(), options.maxRecords());
        return rows.subList(0, cap).stream().map(r -> r.id).toList();
    }

    private static Formula parseFormula(Table table, String text) {
        try {
            return Formula.parse(text, table::field);
        } catch (FormulaException e) {
            throw AirtableException.unprocessable("INVALID_FILTER_BY_FORMULA",
                    "The formula for filtering records is invalid: " + e.getMessage());
        }
    }

    private Map<String, Object> get(Request request) {
        Table table = table(request);
        boolean byId = ListOptions.flag(request.query("returnFieldsByFieldId"));
        String recordId = request.pathParam("recordId");
        // Airtable falls back to a base-wide search when the record lives in another table.
        for (Table candidate : prependFirst(table, base(request.pathParam("baseId")).tablesById.values())) {
            StoredRecord record = candidate.records.get(recordId);
            if (record != null) {
                return RecordJson.of(candidate, record, candidate.fields, byId, false);
            }
        }
        throw AirtableException.recordNotFound();
    }

    private Object create(Request request) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        boolean typecast = body.path("typecast").asBoolean(false);
        boolean byId = body.path("returnFieldsByFieldId").asBoolean(false);
        Writes writes = new Writes(table, typecast);
        if (body.has("records")) {
            JsonNode records = body.get("records");
            checkBatch(records, "created");
            List<Map<Field, Object>> values = new ArrayList<>();
            records.forEach(r -> values.add(writes.convert(requireFields(r))));
            writes.commitChoices();
            List<Map<String, Object>> created = values.stream()
                    .map(v -> RecordJson.of(table, insert(table, v), table.fields, byId, false)).toList();
            return Map.of("records", created);
        }
        Map<Field, Object> values = writes.convert(requireFields(body));
        writes.commitChoices();
        return RecordJson.of(table, insert(table, values), table.fields, byId, false);
    }

    private Object updateOne(Request request, boolean replace) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        StoredRecord record = table.records.get(request.pathParam("recordId"));
        if (record == null) {
            throw AirtableException.recordNotFound();
        }
        Writes writes = new Writes(table, body.path("typecast").asBoolean(false));
        Map<Field, Object> values = writes.convert(requireFields(body));
        writes.commitChoices();
        apply(table, record, values, replace);
        return RecordJson.of(table, record, table.fields, body.path("returnFieldsByFieldId").asBoolean(false), false);
    }

    /** Batch PATCH/PUT, optionally upserting on fieldsToMergeOn; validates everything before changing anything. */
    private Object updateMany(Request request, boolean replace) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        JsonNode records = body.get("records");
        checkBatch(records, "updated");
        Writes writes = new Writes(table, body.path("typecast").asBoolean(false));
        List<Field> mergeOn = mergeFields(table, body.get("performUpsert"));
        record Planned(StoredRecord target, Map<Field, Object> values) {
        }
        List<Planned> plan = new ArrayList<>();
        for (JsonNode r : records) {
            Map<Field, Object> values = writes.convert(requireFields(r));
            plan.add(new Planned(target(table, r, values, mergeOn), values));
        }
        writes.commitChoices();
        List<String> createdIds = new ArrayList<>();
        List<String> updatedIds = new ArrayList<>();
        List<Map<String, Object>> out = new ArrayList<>();
        boolean byId = body.path("returnFieldsByFieldId").asBoolean(false);
        for (Planned p : plan) {
            StoredRecord record = p.target();
            if (record == null) {
                record = insert(table, p.values());
                createdIds.add(record.id);
            } else {
                apply(table, record, p.values(), replace);
                updatedIds.add(record.id);
            }
            out.add(RecordJson.of(table, record, table.fields, byId, false));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("records", out);
        if (mergeOn != null) {
            response.put("createdRecords", createdIds);
            response.put("updatedRecords", updatedIds);
        }
        return response;
    }

    /** The record a batch entry updates, or null when an upsert should create it. */
    private static StoredRecord target(Table table, JsonNode entry, Map<Field, Object> values, List<Field> mergeOn) {
        if (entry.hasNonNull("id")) {
            StoredRecord record = table.records.get(entry.get("id").asText());
            if (record == null) {
                throw AirtableException.unprocessable("ROW_DOES_NOT_EXIST",
                        "Record ID " + entry.get("id").asText() + " does not exist in this table");
            }
            return record;
        }
        if (mergeOn == null) {
            throw AirtableException.unprocessable("INVALID_RECORDS", "Each record to update must have an \"id\"");
        }
        for (Field f : mergeOn) {
            if (!values.containsKey(f)) {
                throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN", "Records without an id must include"
                        + " every field in fieldsToMergeOn; missing \"" + f.name + "\"");
            }
        }
        List<StoredRecord> matches = table.records.values().stream()
                .filter(r -> mergeOn.stream().allMatch(f -> java.util.Objects.equals(r.get(f), values.get(f))))
                .limit(2).toList();
        if (matches.size() > 1) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN",
                    "Cannot upsert: more than one record matches the fieldsToMergeOn values");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static List<Field> mergeFields(Table table, JsonNode performUpsert) {
        if (performUpsert == null || performUpsert.isNull()) {
            return null;
        }
        JsonNode names = performUpsert.get("fieldsToMergeOn");
        if (names == null || !names.isArray() || names.isEmpty() || names.size() > 3) {
            throw AirtableException.unprocessable("INVALID_REQUEST_UNKNOWN",
                    "performUpsert.fieldsToMergeOn must list 1 to 3 fields");
        }
        List<Field> fields = new ArrayList<>();
        names.forEach(n -> fields.add(field(table, n.asText())));
        return fields;
    }

    private Object deleteOne(Request request) {
        Table table = table(request);
        StoredRecord record = table.records.get(request.pathParam("recordId"));
        if (record == null) {
            throw AirtableException.recordNotFound();
        }
        remove(table, record.id);
        return deleted(record.id);
    }

    private Object deleteMany(Request request) {
        Table table = table(request);
        List<String> recordIds = request.queryAll("records[]");
        if (recordIds.isEmpty()) {
            throw AirtableException.invalidRequest();
        }
        if (recordIds.size() > MAX_BATCH) {
            throw tooMany("deleted", recordIds.size());
        }
        if (!recordIds.stream().allMatch(table.records::containsKey)) {
            throw AirtableException.recordNotFound();
        }
        recordIds.forEach(id -> remove(table, id));
        return Map.of("records", recordIds.stream().map(AirtableEmulator::deleted).toList());
    }

    private static Map<String, Object> deleted(String id) {
        return SchemaJson.ordered("id", id, "deleted", true);
    }

    private static void checkBatch(JsonNode records, String verb) {
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw AirtableException.invalidRequest();
        }
        if (records.size() > MAX_BATCH) {
            throw tooMany(verb, records.size());
        }
    }

    private static AirtableException tooMany(String verb, int given) {
        return AirtableException.unprocessable("INVALID_RECORDS", "A maximum of " + MAX_BATCH + " records can be "
                + verb + " per request but you have provided " + given + ".");
    }

    private static JsonNode requireFields(JsonNode entry) {
        JsonNode fields = entry.get("fields");
        if (fields == null) {
            throw AirtableException.unprocessable("INVALID_REQUEST_MISSING_FIELDS",
                    "Could not find field \"fields\" in the request body");
        }
        if (!fields.isObject()) {
            throw AirtableException.invalidRequest();
        }
        return fields;
    }

    // ---------------------------------------------------------------- state changes (HTTP and Java API)

    private StoredRecord insert(Table table, Map<Field, Object> values) {
        long now = clock.millis();
        StoredRecord record = new StoredRecord(ids.next("rec"), now, table.fields.size());
        values.forEach(record::set);
        table.records.put(record.id, record);
        table.lastModifiedMillis = now;
        webhooks.created(table, record);
        return record;
    }

    /** Writes the cells; PUT clears the writable cells it does not name. Only real changes bump modification times. */
    private void apply(Table table, StoredRecord record, Map<Field, Object> values, boolean replace) {
        Map<Field, Object> written = new LinkedHashMap<>(values);
        if (replace) {
            table.fields.stream().filter(f -> !f.type.computed()).forEach(f -> written.putIfAbsent(f, null));
        }
        Map<Field, Object> previous = new LinkedHashMap<>();
        written.forEach((field, value) -> {
            Object before = record.get(field);
            if (record.set(field, value)) {
                previous.put(field, before);
            }
        });
        if (!previous.isEmpty()) {
            record.modifiedMillis = clock.millis();
            table.lastModifiedMillis = record.modifiedMillis;
            webhooks.changed(table, record, previous);
        }
    }

    private void remove(Table table, String recordId) {
        table.records.remove(recordId);
        table.lastModifiedMillis = clock.millis();
        webhooks.destroyed(table, recordId);
    }

    /** Converts a request's cell values; new select choices are only added once the whole request is valid. */
    private final class Writes {
        private final Table table;
        private final boolean typecast;
        private final Map<Field, Set<String>> newChoices = new LinkedHashMap<>();

        Writes(Table table, boolean typecast) {
            this.table = table;
            this.typecast = typecast;
        }

        Map<Field, Object> convert(JsonNode fields) {
            Map<Field, Object> values = new LinkedHashMap<>();
            fields.fields().forEachRemaining(e -> {
                Field field = field(table, e.getKey());
                values.put(field, CellValues.fromJson(field, e.getValue(), typecast,
                        (f, choice) -> newChoices.computeIfAbsent(f, k -> new java.util.LinkedHashSet<>()).add(choice)));
            });
            return values;
        }

        Map<Field, Object> convertJava(Map<String, ?> fields) {
            return convert(json.valueToTree(fields));
        }

        void commitChoices() {
            newChoices.forEach((field, names) -> names.forEach(n -> field.addChoice(ids.next("sel"), n)));
        }
    }

    // ---------------------------------------------------------------- lookups

    private Base base(String baseId) {
        Base base = bases.get(baseId);
        if (base == null) {
            throw modelNotFound();
        }
        return base;
    }

    private static AirtableException modelNotFound() {
        return new AirtableException(403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
                "Invalid permissions, or the requested model was not found. Check that both your user and your"
                        + " token have the required permissions, and that the model names and/or ids are correct.");
    }

    private Table table(Request request) {
        return table(request.pathParam("baseId"), request.pathParam("table"));
    }

    private Table table(String baseId, String tableIdOrName) {
        Base base = base(baseId);
        Table table = base.table(tableIdOrName);
        if (table == null) {
            if (TABLE_ID.matcher(tableIdOrName).matches()) {
                throw modelNotFound(); // an unknown table id is answered like an unknown base
            }
            throw new AirtableException(404, "TABLE_NOT_FOUND",
                    "Could not find table " + tableIdOrName + " in application " + baseId);
        }
        return table;
    }

    private static Field field(Table table, String nameOrId) {
        Field field = table.field(nameOrId);
        if (field == null) {
            throw AirtableException.unknownField(nameOrId);
        }
        return field;
    }

    private static List<Table> prependFirst(Table first, java.util.Collection<Table> all) {
        List<Table> out = new ArrayList<>(List.of(first));
        all.stream().filter(t -> t != first).forEach(out::add);
        return out;
    }

    /** Adapts a stored record to the formula engine without allocating per record. */
    private static final class RecordRow implements Formula.Row {
        private StoredRecord record;

        RecordRow at(StoredRecord r) {
            this.record = r;
            return this;
        }

        public Object field(Field field) {
            return CellValues.forFormula(field, record);
        }

        public String recordId() {
            return record.id;
        }

        public Instant createdTime() {
            return record.created();
        }

        public Instant lastModifiedTime() {
            return record.modified();
        }
    }

    // ---------------------------------------------------------------- Java API for tests and simulated users

    /** Creates an empty base; returns its id. */
    public String createBase(String name) {
        return withState(() -> addBase(ids.next("app"), name).id);
    }

    /** Creates a table (first field is the primary field); returns its id. */
    public String createTable(String baseId, String name, List<FieldSpec> fields) {
        return withState(() -> {
            Base base = base(baseId);
            Table table = new Table(ids.next("tbl"), base.id, name, ids.next("viw"), clock.millis());
            for (FieldSpec spec : fields) {
                Field field = new Field(ids.next("fld"), spec.name(), spec.type(), table.fields.size());
                spec.choices().forEach(c -> field.addChoice(ids.next("sel"), c));
                table.fields.add(field);
            }
            base.tablesById.put(table.id, table);
            return table.id;
        });
    }

    /** The sandbox base "Leadsync Sandbox" with a "Leads" table of the full schema and ten leads. */
    public SeededTable seedLeads() {
        return seedLeads(LeadsSeed.schema());
    }

    /** Like {@link #seedLeads()} but with a custom schema; seed values for missing fields are left out. */
    public SeededTable seedLeads(List<FieldSpec> schema) {
        return asUser(() -> {
            if (!bases.containsKey(LeadsSeed.BASE_ID)) {
                addBase(LeadsSeed.BASE_ID, LeadsSeed.BASE_NAME);
            }
            String tableId = createTable(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME, schema);
            Table table = table(LeadsSeed.BASE_ID, tableId);
            LeadsSeed.handWritten().forEach(lead -> insertJava(table, onlyKnownFields(table, lead)));
            return new SeededTable(LeadsSeed.BASE_ID, tableId, LeadsSeed.TABLE_NAME);
        });
    }

    /** Adds n generated leads ("Lead 000001", …) to a table of the leads schema; returns their ids. */
    public List<String> addGeneratedLeads(String baseId, String table, int n) {
        return asUser(() -> {
            Table t = table(baseId, table);
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
            Table t = table(baseId, table);
            return t.records.values().stream().map(r -> snapshot(t, r)).toList();
        });
    }

    public Optional<RecordSnapshot> record(String baseId, String table, String recordId) {
        return withState(() -> {
            Table t = table(baseId, table);
            return Optional.ofNullable(t.records.get(recordId)).map(r -> snapshot(t, r));
        });
    }

    /** Creates a record as a user would (values validated, new select choices added); returns its id. */
    public String createRecord(String baseId, String table, Map<String, ?> fields) {
        return asUser(() -> insertJava(table(baseId, table), fields).id);
    }

    /** Changes some cells of a record (null clears), bumping its last-modified time if anything changed. */
    public void updateRecord(String baseId, String table, String recordId, Map<String, ?> fields) {
        asUser(() -> {
            Table t = table(baseId, table);
            StoredRecord record = t.records.get(recordId);
            if (record == null) {
                throw new IllegalArgumentException("No record " + recordId + " in " + t.name);
            }
            Writes writes = new Writes(t, true);
            Map<Field, Object> values = javaValues(writes, fields);
            writes.commitChoices();
            apply(t, record, values, false);
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
            Table t = table(baseId, table);
            if (!t.records.containsKey(recordId)) {
                throw new IllegalArgumentException("No record " + recordId + " in " + t.name);
            }
            remove(t, recordId);
            return null;
        });
    }

    /** When any record of the table last changed (created, edited or deleted). */
    public Instant tableLastModified(String baseId, String table) {
        return withState(() -> Instant.ofEpochMilli(table(baseId, table).lastModifiedMillis));
    }

    /** The current choice names of a singleSelect field (typecast writes add to them). */
    public List<String> choices(String baseId, String table, String field) {
        return withState(() -> field(table(baseId, table), field).choices().stream().map(Field.Choice::name).toList());
    }

    /** How long the first retry of a failed notification ping waits (doubling after; default 10 s). */
    public void webhookRetryBackoff(java.time.Duration firstBackoff) {
        webhooks.notifier().firstBackoff(firstBackoff);
    }

    @Override
    public synchronized void close() {
        super.close();
        webhooks.close();
    }

    /** A change made by a simulated person in the Airtable UI: one transaction, webhook source "client". */
    private <T> T asUser(java.util.function.Supplier<T> change) {
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

    private Base addBase(String id, String name) {
        Base base = new Base(id, name);
        bases.put(id, base);
        return base;
    }

    private StoredRecord insertJava(Table table, Map<String, ?> fields) {
        Writes writes = new Writes(table, true);
        Map<Field, Object> values = javaValues(writes, fields);
        writes.commitChoices();
        return insert(table, values);
    }

    /** Seed data for a table built without some of the leads fields. */
    private static Map<String, Object> onlyKnownFields(Table table, Map<String, Object> lead) {
        lead.keySet().removeIf(name -> table.field(name) == null);
        return lead;
    }

    private static Map<Field, Object> javaValues(Writes writes, Map<String, ?> fields) {
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
