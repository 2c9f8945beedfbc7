package io.leadsync.airtable;

import java.time.Instant;

/** Builds {@code filterByFormula} expressions; every value is quoted so no content can change the formula. */
public final class Formula {

    private Formula() {
    }

    /** A string literal: backslashes and double quotes escaped, line breaks kept as escapes. */
    public static String string(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A field reference; a closing brace in the name is escaped as Airtable expects. */
    public static String field(String name) {
        return "{" + name.replace("\\", "\\\\").replace("}", "\\}") + "}";
    }

    /** Records modified strictly after the instant. */
    public static String modifiedAfter(Instant instant) {
        return "IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE(" + string(instant.toString()) + "))";
    }

    /** The records with these ids. */
    public static String recordIdIn(java.util.Collection<String> ids) {
        return "OR(" + String.join(",", ids.stream().map(id -> "RECORD_ID()=" + string(id)).toList()) + ")";
    }

    /** Records whose field equals the value exactly. */
    public static String fieldEquals(String fieldName, String value) {
        return field(fieldName) + "=" + string(value);
    }
}
