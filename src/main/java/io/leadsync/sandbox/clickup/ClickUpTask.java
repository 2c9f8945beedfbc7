package io.leadsync.sandbox.clickup;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A read-only snapshot of one task, for tests and simulated users. Times are Unix milliseconds; a field absent
 * from {@code customFields} has no value (values as the task's JSON shows them); {@code tags} are names,
 * {@code assignees} user ids; {@code priority} is 1 (urgent) to 4 (low) or null, like {@code dueDate}.
 */
public record ClickUpTask(String id, String listId, String name, String description, String status,
                          String statusType, boolean archived, long dateCreated, long dateUpdated, Long dateClosed,
                          Long dateDone, String parent, Map<String, JsonNode> customFields, List<String> tags,
                          List<Integer> assignees, Integer priority, Long dueDate) {

    /** The value of a text-like custom field, or null when unset. */
    public String customFieldText(String fieldId) {
        JsonNode value = customFields.get(fieldId);
        return value == null ? null : value.asText();
    }
}
