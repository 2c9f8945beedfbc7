package io.leadsync.sandbox.airtable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The meta API's table and field shapes ({@code GET /v0/meta/bases/{baseId}/tables}). */
final class SchemaJson {

    private SchemaJson() {
    }

    static Map<String, Object> table(Table table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", table.id);
        out.put("name", table.name);
        out.put("primaryFieldId", table.primaryField().id);
        out.put("fields", table.fields.stream().map(SchemaJson::field).toList());
        out.put("views", List.of(Map.of("id", table.viewId, "name", Table.DEFAULT_VIEW, "type", "grid")));
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
            case SINGLE_SELECT -> Map.of("choices", field.choices().stream()
                    .map(c -> Map.of("id", c.id(), "name", c.name(), "color", c.color())).toList());
            case NUMBER -> Map.of("precision", 0);
            case CHECKBOX -> Map.of("icon", "check", "color", "greenBright");
            case LAST_MODIFIED_TIME -> Map.of("isValid", true, "referencedFieldIds", List.of(), "result", dateTimeResult());
            case CREATED_TIME -> Map.of("result", dateTimeResult());
            default -> null;
        };
    }

    private static Map<String, Object> dateTimeResult() {
        return Map.of("type", "dateTime", "options", Map.of(
                "dateFormat", Map.of("name", "iso", "format", "YYYY-MM-DD"),
                "timeFormat", Map.of("name", "24hour", "format", "HH:mm"),
                "timeZone", "utc"));
    }
}
