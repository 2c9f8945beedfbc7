package io.leadsync.sandbox.airtable;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The emulator's state: bases, tables and records. Every write, over HTTP or through the Java API, goes
 * through here so modification times and webhook payloads stay consistent. Callers hold the state lock.
 */
final class AirtableStore {

    private static final Pattern TABLE_ID = Pattern.compile("tbl[A-Za-z0-9]{14}");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Clock clock;
    final AirtableIds ids;
    final WebhookHub webhooks;
    private final Map<String, Base> bases = new LinkedHashMap<>();

    AirtableStore(Clock clock, AirtableIds ids, WebhookHub webhooks) {
        this.clock = clock;
        this.ids = ids;
        this.webhooks = webhooks;
    }

    Collection<Base> bases() {
        return bases.values();
    }

    boolean hasBase(String baseId) {
        return bases.containsKey(baseId);
    }

    /** Replaces every base (loading saved data). */
    void replaceBases(Collection<Base> loaded) {
        bases.clear();
        loaded.forEach(b -> bases.put(b.id, b));
    }

    Base addBase(String id, String name) {
        Base base = new Base(id, name);
        bases.put(id, base);
        return base;
    }

    /** Creates a table; the first field is the primary field. */
    Table createTable(String baseId, String name, List<FieldSpec> fields) {
        Base base = base(baseId);
        Table table = new Table(ids.next("tbl"), base.id, name, ids.next("viw"), clock.millis());
        for (FieldSpec spec : fields) {
            Field field = new Field(ids.next("fld"), spec.name(), spec.type(), table.fields.size());
            spec.choices().forEach(c -> field.addChoice(ids.next("sel"), c));
            table.fields.add(field);
        }
        base.tablesById.put(table.id, table);
        return table;
    }

    Writes writes(Table table, boolean typecast) {
        return new Writes(table, typecast);
    }

    StoredRecord insert(Table table, Map<Field, Object> values) {
        long now = clock.millis();
        StoredRecord record = new StoredRecord(ids.next("rec"), now, table.fields.size());
        values.forEach((field, value) -> record.set(field, value, now));
        table.records.put(record.id, record);
        table.lastModifiedMillis = now;
        webhooks.created(table, record);
        return record;
    }

    /** Writes the cells; PUT clears the writable cells it does not name. Only real changes bump modification times. */
    void apply(Table table, StoredRecord record, Map<Field, Object> values, boolean replace) {
        Map<Field, Object> written = new LinkedHashMap<>(values);
        if (replace) {
            table.fields.stream().filter(f -> !f.type.computed()).forEach(f -> written.putIfAbsent(f, null));
        }
        Map<Field, Object> previous = new LinkedHashMap<>();
        long now = clock.millis();
        written.forEach((field, value) -> {
            Object before = record.get(field);
            if (record.set(field, value, now)) {
                previous.put(field, before);
            }
        });
        if (!previous.isEmpty()) {
            record.modifiedMillis = now;
            table.lastModifiedMillis = now;
            webhooks.changed(table, record, previous);
        }
    }

    void remove(Table table, String recordId) {
        table.records.remove(recordId);
        table.lastModifiedMillis = clock.millis();
        webhooks.destroyed(table, recordId);
    }

    /** Converts a request's cell values; new select choices are only added once the whole request is valid. */
    final class Writes {
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
                        (f, choice) -> newChoices.computeIfAbsent(f, k -> new LinkedHashSet<>()).add(choice)));
            });
            return values;
        }

        Map<Field, Object> convertJava(Map<String, ?> fields) {
            return convert(JSON.valueToTree(fields));
        }

        void commitChoices() {
            newChoices.forEach((field, names) -> names.forEach(n -> field.addChoice(ids.next("sel"), n)));
        }
    }

    Base base(String baseId) {
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

    Table table(String baseId, String tableIdOrName) {
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

    static Field field(Table table, String nameOrId) {
        Field field = table.field(nameOrId);
        if (field == null) {
            throw AirtableException.unknownField(nameOrId);
        }
        return field;
    }
}
