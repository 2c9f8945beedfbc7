package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated bases as a JSON document and back: schemas, records with their created and modified times, and
 * where the id stream stands. The emulator adds its webhooks ({@link WebhookHub#save()}); list iterators are not
 * kept (a restart forgets them, as it forgets rate-limit windows).
 */
final class SavedAirtable {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SavedAirtable() {
    }

    static ObjectNode save(AirtableStore store) {
        ObjectNode doc = NODES.objectNode().put("ids", store.ids.state());
        ArrayNode bases = doc.putArray("bases");
        for (Base base : store.bases()) {
            ObjectNode b = bases.addObject().put("id", base.id).put("name", base.name);
            ArrayNode tables = b.putArray("tables");
            for (Table table : base.tablesById.values()) {
                ObjectNode t = tables.addObject().put("id", table.id).put("name", table.name)
                        .put("viewId", table.viewId).put("lastModified", table.lastModifiedMillis);
                ArrayNode fields = t.putArray("fields");
                for (Field field : table.fields) {
                    ObjectNode f = fields.addObject().put("id", field.id).put("name", field.name)
                            .put("type", field.type.name()).put("slot", field.slot);
                    ArrayNode choices = f.putArray("choices");
                    field.choices().forEach(c -> choices.addObject().put("id", c.id()).put("name", c.name()));
                }
                ArrayNode records = t.putArray("records");
                for (StoredRecord record : table.records.values()) {
                    ObjectNode r = records.addObject().put("id", record.id).put("created", record.createdMillis)
                            .put("modified", record.modifiedMillis);
                    r.set("cells", cells(record));
                    ArrayNode cellTimes = r.putArray("cellModified");
                    for (long at : record.cellModifiedMillis) {
                        cellTimes.add(at);
                    }
                }
            }
        }
        return doc;
    }

    static void load(AirtableStore store, JsonNode doc) {
        List<Base> bases = new ArrayList<>();
        for (JsonNode b : doc.path("bases")) {
            Base base = new Base(b.get("id").asText(), b.get("name").asText());
            for (JsonNode t : b.path("tables")) {
                Table table = new Table(t.get("id").asText(), base.id, t.get("name").asText(), t.get("viewId").asText(),
                        t.get("lastModified").asLong());
                for (JsonNode f : t.path("fields")) {
                    Field field = new Field(f.get("id").asText(), f.get("name").asText(),
                            FieldType.valueOf(f.get("type").asText()), f.get("slot").asInt());
                    f.path("choices").forEach(c -> field.addChoice(c.get("id").asText(), c.get("name").asText()));
                    table.fields.add(field);
                }
                for (JsonNode r : t.path("records")) {
                    StoredRecord record = new StoredRecord(r.get("id").asText(), r.get("created").asLong(),
                            table.fields.size());
                    record.modifiedMillis = r.get("modified").asLong();
                    for (Field field : table.fields) {
                        JsonNode cell = r.path("cells").path(field.slot);
                        if (!cell.isMissingNode() && !cell.isNull()) {
                            // a file saved before per-cell times were kept: the record's own time stands in
                            long at = r.path("cellModified").path(field.slot).asLong(record.modifiedMillis);
                            record.set(field, switch (field.type) {
                                case NUMBER -> cell.asDouble();
                                case CHECKBOX -> cell.asBoolean() ? Boolean.TRUE : null;
                                default -> cell.asText();
                            }, at);
                        }
                    }
                    table.records.put(record.id, record);
                }
                base.tablesById.put(table.id, table);
            }
            bases.add(base);
        }
        store.replaceBases(bases);
        store.ids.restore(doc.get("ids").asLong());
    }

    private static ArrayNode cells(StoredRecord record) {
        ArrayNode cells = NODES.arrayNode();
        for (Object cell : record.cells) {
            if (cell instanceof Double d) {
                cells.add(d);
            } else if (cell instanceof Boolean bool) {
                cells.add(bool);
            } else if (cell == null) {
                cells.addNull();
            } else {
                cells.add(cell.toString());
            }
        }
        return cells;
    }
}
