package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table: its schema, its single grid view and its records in creation order. */
final class Table {

    static final String DEFAULT_VIEW = "Grid view";

    final String id;
    final String baseId;
    final String name;
    final String viewId;
    final List<Field> fields = new ArrayList<>();
    final Map<String, StoredRecord> records = new LinkedHashMap<>();
    long lastModifiedMillis;

    Table(String id, String baseId, String name, String viewId, long createdMillis) {
        this.id = id;
        this.baseId = baseId;
        this.name = name;
        this.viewId = viewId;
        this.lastModifiedMillis = createdMillis;
    }

    Field primaryField() {
        return fields.get(0);
    }

    /** Field by name or id (names are matched exactly, as Airtable does), or null. */
    Field field(String nameOrId) {
        for (Field f : fields) {
            if (f.name.equals(nameOrId) || f.id.equals(nameOrId)) {
                return f;
            }
        }
        return null;
    }

    boolean hasView(String nameOrId) {
        return DEFAULT_VIEW.equals(nameOrId) || viewId.equals(nameOrId);
    }
}
