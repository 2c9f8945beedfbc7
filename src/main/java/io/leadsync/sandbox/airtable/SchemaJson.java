package io.leadsync.sandbox.airtable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the meta API (bases, tables, fields) and ordered JSON objects for every answer. */
final class SchemaJson {

    private SchemaJson() {
    }

    /** A JSON object with its keys in the given order (Map.of would shuffle them). */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static Map<String, Object> base(Base base) {
        return ordered("id", base.id, "name", base.name, "permissionLevel", "create");
    }

    static Map<String, Object> table(Table table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", table.id);
        out.put("name", table.name);
        out.put("primaryFieldId", table.primaryField().id);
        out.put("fields", table.fields.stream().map(SchemaJson::field).toList());
        out.put("views", List.of(ordered("id", table.viewId, "name", Table.DEFAULT_VIEW, "type", "grid")));
        return out;
    }

    private static Map<String, Object> field(Field field) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", field.id);
        out.put("name", field.name);
        out.put("type", field.type.wireName());
        Map<String, Object> options = options(field);
        if (options != null) {
            out.put("options", options);
        }
        return out;
    }

    /** Type options as Airtable reports them; text types have none. */
    private static Map<String, Object> options(Field field) {
        return switch (field.type) {
            case SINGLE_SELECT -> ordered("choices", field.choices().stream()
                    .map(c -> ordered("id", c.id(), "name", c.name(), "color", c.color())).toList());
            case NUMBER -> ordered("precision", 0);
            case CHECKBOX -> ordered("icon", "check", "color", "greenBright");
            case LAST_MODIFIED_TIME -> ordered("isValid", true, "referencedFieldIds", List.of(), "result", dateTimeResult());
            case CREATED_TIME -> ordered("result", dateTimeResult());
            default -> null;
        };
    }

    private static Map<String, Object> dateTimeResult() {
        return ordered("type", "dateTime", "options", ordered(
                "dateFormat", ordered("name", "iso", "format", "YYYY-MM-DD"),
                "timeFormat", ordered("name", "24hour", "format", "HH:mm"),
                "timeZone", "utc"));
    }
}
