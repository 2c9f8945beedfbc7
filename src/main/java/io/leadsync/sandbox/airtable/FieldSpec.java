package io.leadsync.sandbox.airtable;

import java.util.List;

/** A field to create in a sandbox table: name, type and (for singleSelect) the choice names. */
public record FieldSpec(String name, FieldType type, List<String> choices) {

    public FieldSpec {
        choices = List.copyOf(choices);
    }

    public static FieldSpec of(String name, FieldType type) {
        return new FieldSpec(name, type, List.of());
    }

    public static FieldSpec text(String name) {
        return of(name, FieldType.SINGLE_LINE_TEXT);
    }

    public static FieldSpec select(String name, String... choices) {
        return new FieldSpec(name, FieldType.SINGLE_SELECT, List.of(choices));
    }
}
