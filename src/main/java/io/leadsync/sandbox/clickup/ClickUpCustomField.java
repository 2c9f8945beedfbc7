package io.leadsync.sandbox.clickup;

/** A custom field definition on a list; {@code type} is ClickUp's ("short_text", "number", ...). */
public record ClickUpCustomField(String id, String name, String type, long dateCreated) {
}
