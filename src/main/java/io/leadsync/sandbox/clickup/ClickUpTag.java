package io.leadsync.sandbox.clickup;

/** A task tag of the space: its name (ClickUp keeps tag names in lower case) and its colours. */
public record ClickUpTag(String name, String tagFg, String tagBg) {
}
