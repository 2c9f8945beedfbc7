package io.leadsync.airtable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.tracker.FieldForms;

/**
 * An Airtable cell as text, and text back as a cell, by the field's type (the table schema's {@code type}): the
 * text forms field mappings compare (see {@link io.leadsync.mapping.PairMapping}). A multi-select, linked records
 * or collaborators read as sorted names/ids/emails joined by {@code ", "}; a number as a plain decimal ({@code 3},
 * {@code 12.5}); a checkbox as {@code true} or ""; a date as {@code 2026-12-01}, a date with time in UTC with
 * milliseconds; a collaborator as its email. Any other type reads as its text, as leads always did.
 */
public final class LeadValues {

    /** Types whose values are a set: read sorted, so that the same set always reads the same. */
    private static final Set<String> SETS = Set.of("multipleSelects", "multipleCollaborators", "multipleRecordLinks");
    private static final Set<String> NUMBERS = Set.of("number", "currency", "percent", "rating", "duration");
    /** Types Airtable computes: a value cannot be written to them. */
    private static final Set<String> COMPUTED = Set.of("formula", "rollup", "multipleLookupValues", "count",
            "autoNumber", "createdTime", "lastModifiedTime", "createdBy", "lastModifiedBy", "button",
            "externalSyncSource", "aiText");

    private LeadValues() {
    }

    /** A cell as text; {@code type} null (unknown) reads it as plain text, arrays joined in their order. */
    public static String text(JsonNode value, String type) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(text(v, type)));
            if (type != null && SETS.contains(type)) {
                return String.join(", ", new TreeSet<>(parts));
            }
            return String.join(", ", parts);
        }
        if (value.isObject()) {
            if (value.has("email") && type != null && type.toLowerCase().contains("collaborator")) {
                return value.get("email").asText();
            }
            return value.has("name") ? value.get("name").asText() : value.toString();
        }
        if (value.isBoolean()) {
            return "checkbox".equals(type) ? (value.asBoolean() ? "true" : "") : value.asText();
        }
        if (value.isNumber() && type != null && NUMBERS.contains(type)) {
            return plainNumber(value.decimalValue());
        }
        if ("dateTime".equals(type)) {
            return utcMillis(value.asText());
        }
        return value.asText();
    }

    /** {@code 3}, {@code 12.5}, {@code -0.25}: no exponent, no trailing zeros. */
    public static String plainNumber(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /**
     * A date-time in the text form the trackers read dates in ({@link FieldForms#date}): midnight UTC is the day
     * alone, as a tracker that keeps only instants (Trello's due) gives it back; else UTC with milliseconds.
     */
    private static String utcMillis(String iso) {
        try {
            return FieldForms.date(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** False for a type Airtable computes (formula, lookup, created time...): no value can be written to it. */
    public static boolean writable(String type) {
        return type == null || !COMPUTED.contains(type);
    }

    /**
     * Text in the form {@link #text} reads, as the cell value an update of a field of this type takes: a list for
     * multiple values, a number, a boolean, an object for a collaborator; null clears the cell. Text the type
     * cannot take is sent as it is, for Airtable to refuse (the record is then dead-lettered, naming the field).
     */
    public static Object cell(String text, String type) {
        String value = text == null ? "" : text.trim();
        if ("checkbox".equals(type)) {
            return "true".equalsIgnoreCase(value);
        }
        if (value.isEmpty()) {
            return type != null && SETS.contains(type) ? List.of() : null;
        }
        if (type == null) {
            return value;
        }
        return switch (type) {
            case "number", "currency", "percent", "rating", "duration" -> number(value);
            case "multipleSelects", "multipleRecordLinks" -> items(value);
            case "multipleCollaborators" -> items(value).stream().map(e -> Map.of("email", e)).toList();
            case "singleCollaborator" -> Map.of("email", value);
            default -> value;
        };
    }

    private static Object number(String value) {
        try {
            BigDecimal n = new BigDecimal(value);
            return n.scale() <= 0 ? (Object) n.longValueExact() : (Object) n.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return value; // not a number: sent as it is, Airtable refuses the record and it is dead-lettered
        }
    }

    private static List<String> items(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
