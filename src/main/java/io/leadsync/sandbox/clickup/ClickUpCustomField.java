package io.leadsync.sandbox.clickup;

import java.util.List;

/**
 * A custom field definition on a list; {@code type} is ClickUp's ("short_text", "number", "drop_down", ...), and a
 * drop_down field's {@code options} are what a value may name (by id or by orderindex). Other types have none.
 */
public record ClickUpCustomField(String id, String name, String type, long dateCreated, List<Option> options) {

    public ClickUpCustomField {
        options = List.copyOf(options);
    }

    /** One choice of a drop_down field. */
    public record Option(String id, String name, String color, int orderindex) {
    }
}
