package io.leadsync.sandbox.airtable;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.time.IsoTimes;

/** Converts cell values between the wire (JSON) and storage, validating writes the way Airtable does. */
final class CellValues {

    /** Adds a singleSelect choice when typecast names a new one. */
    interface ChoiceMaker {
        void add(Field field, String choice);
    }

    private CellValues() {
    }

    /**
     * The stored form of a written value, or null to clear the cell. Empty strings and false are stored as
     * null because Airtable reports them as empty.
     */
    static Object fromJson(Field field, JsonNode value, boolean typecast, ChoiceMaker choices) {
        if (field.type.computed()) {
            throw AirtableException.unprocessable("INVALID_VALUE_FOR_COLUMN",
                    "Field \"" + field.name + "\" cannot accept a value because the field is computed");
        }
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (field.type) {
            case SINGLE_LINE_TEXT, EMAIL, MULTILINE_TEXT -> emptyToNull(text(field, value, typecast));
            case SINGLE_SELECT -> select(field, value, typecast, choices);
            case NUMBER -> number(field, value, typecast);
            case CHECKBOX -> checkbox(field, value, typecast) ? Boolean.TRUE : null;
            default -> throw new IllegalStateException(field.type.toString());
        };
    }

    /** The JSON value for a cell, or null when the cell is empty (and so omitted). */
    static Object toJson(Field field, StoredRecord record) {
        return switch (field.type) {
            case LAST_MODIFIED_TIME -> IsoTimes.format(record.modified());
            case CREATED_TIME -> IsoTimes.format(record.created());
            default -> wire(record.get(field));
        };
    }

    /** The JSON form of a stored (non-computed) value. */
    static Object wire(Object stored) {
        return stored instanceof Double d ? plainNumber(d) : stored;
    }

    /** The value as the formula engine sees it. */
    static Object forFormula(Field field, StoredRecord record) {
        return switch (field.type) {
            case LAST_MODIFIED_TIME -> record.modified();
            case CREATED_TIME -> record.created();
            case CHECKBOX -> record.get(field) != null;
            default -> record.get(field);
        };
    }

    /** For {@code cellFormat=string}: every value rendered as text. */
    static String toText(Object json) {
        if (json instanceof Boolean b) {
            return b ? "checked" : "";
        }
        return String.valueOf(json);
    }

    static Object plainNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d;
        }
        return d;
    }

    private static Object emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String text(Field field, JsonNode value, boolean typecast) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (typecast && value.isValueNode()) {
            return value.isNumber() ? String.valueOf(plainNumber(value.asDouble())) : value.asText();
        }
        throw cannotAccept(field);
    }

    private static Object select(Field field, JsonNode value, boolean typecast, ChoiceMaker choices) {
        String name = text(field, value, typecast);
        if (name.isEmpty()) {
            return null;
        }
        if (!field.hasChoice(name)) {
            if (!typecast) {
                throw AirtableException.unprocessable("INVALID_MULTIPLE_CHOICE_OPTIONS",
                        "Insufficient permissions to create new select option \"\"" + name + "\"\"");
            }
            choices.add(field, name);
        }
        return name;
    }

    private static Double number(Field field, JsonNode value, boolean typecast) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (typecast && value.isTextual()) {
            try {
                return value.asText().isBlank() ? null : Double.valueOf(value.asText().trim());
            } catch (NumberFormatException e) {
                throw cannotAccept(field);
            }
        }
        throw cannotAccept(field);
    }

    private static boolean checkbox(Field field, JsonNode value, boolean typecast) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (typecast && value.isValueNode()) {
            String s = value.asText().trim().toLowerCase(java.util.Locale.ROOT);
            return !(s.isEmpty() || s.equals("false") || s.equals("0") || s.equals("no") || s.equals("unchecked"));
        }
        throw cannotAccept(field);
    }

    private static AirtableException cannotAccept(Field field) {
        return AirtableException.unprocessable("INVALID_VALUE_FOR_COLUMN",
                "Field \"" + field.name + "\" cannot accept the provided value");
    }
}
