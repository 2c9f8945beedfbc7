package io.leadsync.tracker;

/** What a lead's card/task should look like: name, description (with the marker) and bucket. */
public record ItemDraft(String recordId, String name, String description, String bucket) {
}
