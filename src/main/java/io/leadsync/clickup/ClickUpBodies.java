package io.leadsync.clickup;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** ClickUp API v2's JSON as leadsync reads and writes it (camel-jackson binds these in the API routes). */
public final class ClickUpBodies {

    private ClickUpBodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Teams(List<Ref> teams) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spaces(List<Ref> spaces) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lists(List<Ref> lists) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Folders(List<Lists> folders) {
    }

    /** A team, space, list or custom field: an id and a name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListInfo(List<Status> statuses) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fields(List<Ref> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TasksPage(List<Task> tasks, @JsonProperty("last_page") Boolean lastPage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(String id, String name, String description, Status status, boolean archived,
                @JsonProperty("date_updated") long dateUpdated, @JsonProperty("date_created") long dateCreated,
                @JsonProperty("custom_fields") List<FieldValue> customFields) {
    }

    /** A custom field's value on a task; any JSON (text, number, null). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FieldValue(String id, JsonNode value) {
    }

    /** A task to create, with its custom fields set in the same request (left out when there are none). */
    record NewTask(String name, String description, String status,
                   @JsonProperty("custom_fields") List<NewFieldValue> customFields) {

        /** @param customFields values by custom field id, in the order given */
        static NewTask of(String name, String description, String status, Map<String, Object> customFields) {
            List<NewFieldValue> values = customFields.entrySet().stream()
                    .map(f -> new NewFieldValue(f.getKey(), f.getValue())).toList();
            return new NewTask(name, description, status, values.isEmpty() ? null : values);
        }
    }

    /** One custom field of a task to create: its id and its value, shaped as the field's type wants it. */
    record NewFieldValue(String id, Object value) {
    }

    /** Only what changes: the routes leave null fields out. */
    record TaskChange(String name, String description, String status, Boolean archived) {
    }

    record SetValue(String value) {
    }

    /** An answer leadsync does not read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ignored() {
    }
}
