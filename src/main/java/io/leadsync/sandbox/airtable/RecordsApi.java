package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.Request;

/** The records endpoints: list (GET and POST listRecords), get, create, update/upsert and delete. */
final class RecordsApi {

    private final AirtableStore store;
    private final ListCursors cursors;

    RecordsApi(AirtableStore store, ListCursors cursors) {
        this.store = store;
        this.cursors = cursors;
    }

    Map<String, Object> list(Request request, ListOptions options) {
        Table table = table(request);
        if (options.view() != null && !table.hasView(options.view())) {
            throw AirtableException.unprocessable("VIEW_NAME_NOT_FOUND", "View " + options.view() + " not found");
        }
        List<Field> shown = options.fields().isEmpty() ? table.fields
                : options.fields().stream().map(name -> AirtableStore.field(table, name)).toList();
        long now = store.clock.millis();
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
            CompiledFormula formula = parseFormula(table, options.filterByFormula());
            RecordRow row = new RecordRow();
            Instant now = store.clock.instant();
            try {
                rows.removeIf(r -> !formula.matches(row.at(r), now));
            } catch (FormulaException unsupported) {
                throw invalidFormula(unsupported);
            }
        }
        if (!options.sort().isEmpty()) {
            Comparator<StoredRecord> order = null;
            for (ListOptions.Sort sort : options.sort()) {
                Field field = AirtableStore.field(table, sort.field());
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

    private static CompiledFormula parseFormula(Table table, String text) {
        try {
            return CompiledFormula.parse(text, table::field);
        } catch (FormulaException e) {
            throw invalidFormula(e);
        }
    }

    private static AirtableException invalidFormula(FormulaException e) {
        return AirtableException.unprocessable("INVALID_FILTER_BY_FORMULA",
                "The formula for filtering records is invalid: " + e.getMessage());
    }

    Map<String, Object> get(Request request) {
        Table table = table(request);
        boolean byId = ListOptions.flag(request.query("returnFieldsByFieldId"));
        String recordId = request.pathParam("recordId");
        // Airtable falls back to a base-wide search when the record lives in another table.
        for (Table candidate : prependFirst(table, store.base(request.pathParam("baseId")).tablesById.values())) {
            StoredRecord record = candidate.records.get(recordId);
            if (record != null) {
                return RecordJson.of(candidate, record, candidate.fields, byId, false);
            }
        }
        throw AirtableException.recordNotFound();
    }

    Object create(Request request) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        boolean typecast = body.path("typecast").asBoolean(false);
        boolean byId = body.path("returnFieldsByFieldId").asBoolean(false);
        AirtableStore.Writes writes = store.writes(table, typecast);
        if (body.has("records")) {
            JsonNode records = body.get("records");
            checkBatch(records, "created");
            List<Map<Field, Object>> values = new ArrayList<>();
            records.forEach(r -> values.add(writes.convert(requireFields(r))));
            writes.commitChoices();
            List<Map<String, Object>> created = values.stream()
                    .map(v -> RecordJson.of(table, store.insert(table, v), table.fields, byId, false)).toList();
            return Map.of("records", created);
        }
        Map<Field, Object> values = writes.convert(requireFields(body));
        writes.commitChoices();
        return RecordJson.of(table, store.insert(table, values), table.fields, byId, false);
    }

    Object updateOne(Request request, boolean replace) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        StoredRecord record = table.records.get(request.pathParam("recordId"));
        if (record == null) {
            throw AirtableException.recordNotFound();
        }
        AirtableStore.Writes writes = store.writes(table, body.path("typecast").asBoolean(false));
        Map<Field, Object> values = writes.convert(requireFields(body));
        writes.commitChoices();
        store.apply(table, record, values, replace);
        return RecordJson.of(table, record, table.fields, body.path("returnFieldsByFieldId").asBoolean(false), false);
    }

    /** Batch PATCH/PUT, optionally upserting on fieldsToMergeOn; validates everything before changing anything. */
    Object updateMany(Request request, boolean replace) {
        Table table = table(request);
        JsonNode body = request.jsonBody();
        JsonNode records = body.get("records");
        checkBatch(records, "updated");
        AirtableStore.Writes writes = store.writes(table, body.path("typecast").asBoolean(false));
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
                record = store.insert(table, p.values());
                createdIds.add(record.id);
            } else {
                store.apply(table, record, p.values(), replace);
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
                .filter(r -> mergeOn.stream().allMatch(f -> Objects.equals(r.get(f), values.get(f))))
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
        names.forEach(n -> fields.add(AirtableStore.field(table, n.asText())));
        return fields;
    }

    Object deleteOne(Request request) {
        Table table = table(request);
        StoredRecord record = table.records.get(request.pathParam("recordId"));
        if (record == null) {
            throw AirtableException.recordNotFound();
        }
        store.remove(table, record.id);
        return deleted(record.id);
    }

    Object deleteMany(Request request) {
        Table table = table(request);
        List<String> recordIds = request.queryAll("records[]");
        if (recordIds.isEmpty()) {
            throw AirtableException.invalidRequest();
        }
        if (recordIds.size() > AirtableEmulator.MAX_BATCH) {
            throw tooMany("deleted", recordIds.size());
        }
        if (!recordIds.stream().allMatch(table.records::containsKey)) {
            throw AirtableException.recordNotFound();
        }
        recordIds.forEach(id -> store.remove(table, id));
        return Map.of("records", recordIds.stream().map(RecordsApi::deleted).toList());
    }

    private static Map<String, Object> deleted(String id) {
        return SchemaJson.ordered("id", id, "deleted", true);
    }

    private static void checkBatch(JsonNode records, String verb) {
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw AirtableException.invalidRequest();
        }
        if (records.size() > AirtableEmulator.MAX_BATCH) {
            throw tooMany(verb, records.size());
        }
    }

    private static AirtableException tooMany(String verb, int given) {
        return AirtableException.unprocessable("INVALID_RECORDS", "A maximum of " + AirtableEmulator.MAX_BATCH + " records can be "
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

    private Table table(Request request) {
        return store.table(request.pathParam("baseId"), request.pathParam("table"));
    }

    private static List<Table> prependFirst(Table first, Collection<Table> all) {
        List<Table> out = new ArrayList<>(List.of(first));
        all.stream().filter(t -> t != first).forEach(out::add);
        return out;
    }

    /** Adapts a stored record to the formula engine without allocating per record. */
    private static final class RecordRow implements CompiledFormula.Row {
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

        public Instant lastModifiedTime(Field field) {
            return record.modified(field);
        }
    }
}
