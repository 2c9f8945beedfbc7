package io.leadsync.sandbox.airtable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.time.IsoTimes;

/** The wire shape of a record: {@code {"id","createdTime","fields"}} with empty cells left out. */
final class RecordJson {

    private RecordJson() {
    }

    static Map<String, Object> of(Table table, StoredRecord record, List<Field> shown, boolean byFieldId,
                                  boolean asString) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field f : shown) {
            Object value = CellValues.toJson(f, record);
            if (value != null) {
                fields.put(byFieldId ? f.id : f.name, asString ? CellValues.toText(value) : value);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", record.id);
        out.put("createdTime", IsoTimes.format(record.created()));
        out.put("fields", fields);
        return out;
    }
}
