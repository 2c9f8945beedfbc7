package io.leadsync.sandbox.airtable;

import java.util.LinkedHashMap;
import java.util.Map;

/** A base (Airtable's "application"): a named set of tables. */
final class Base {

    final String id;
    final String name;
    final Map<String, Table> tablesById = new LinkedHashMap<>();

    Base(String id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Table by id or exact name, or null. */
    Table table(String idOrName) {
        Table byId = tablesById.get(idOrName);
        if (byId != null) {
            return byId;
        }
        return tablesById.values().stream().filter(t -> t.name.equals(idOrName)).findFirst().orElse(null);
    }
}
