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

    /** A list: its statuses, and the space it is in (whose tags its tasks take). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListInfo(List<Status> statuses, Ref space) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fields(List<Field> fields) {
    }

    /** A list's custom field: its type (text, number, checkbox, date, drop_down, ...) and a drop-down's options. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Field(String id, String name, String type, @JsonProperty("type_config") TypeConfig typeConfig) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TypeConfig(List<Option> options) {
    }

    /** A drop-down option; a task's value of the field is the option's orderindex (or its id). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Option(String id, String name, Integer orderindex) {
    }

    /** A member of a list or an assignee of a task. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record User(String id, String username, String email) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Members(List<User> members) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tag(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tags(List<Tag> tags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Priority(String priority) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TasksPage(List<Task> tasks, @JsonProperty("last_page") Boolean lastPage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(String id, String name, String description, Status status, boolean archived,
                @JsonProperty("date_updated") long dateUpdated, @JsonProperty("date_created") long dateCreated,
                @JsonProperty("custom_fields") List<FieldValue> customFields, List<Tag> tags, List<User> assignees,
                Priority priority, @JsonProperty("due_date") String dueDate) {
    }

    /** A custom field's value on a task; any JSON (text, number, null). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FieldValue(String id, JsonNode value) {
    }

    /**
     * A task to create, with its mapped fields and its custom fields set in the same request; what it has none of is
     * null, and left out.
     */
    record NewTask(String name, String description, String status, List<String> tags, List<Long> assignees,
                   Integer priority, @JsonProperty("due_date") Long dueDate,
                   @JsonProperty("due_date_time") Boolean dueDateTime,
                   @JsonProperty("custom_fields") List<NewFieldValue> customFields) {

        /** @param customFields values by custom field id, in the order given */
        static NewTask of(String name, String description, String status, TaskFields fields,
                          Map<String, Object> customFields) {
            List<NewFieldValue> values = customFields.entrySet().stream()
                    .map(f -> new NewFieldValue(f.getKey(), f.getValue())).toList();
            return new NewTask(name, description, status, fields.tags(), fields.assignees(), fields.priority(),
                    fields.dueDate(), fields.dueDateTime(), values.isEmpty() ? null : values);
        }
    }

    /** A task's mapped fields as its create sends them: null for what is not mapped or empty. */
    record TaskFields(List<String> tags, List<Long> assignees, Integer priority, Long dueDate, Boolean dueDateTime) {
    }

    /** One custom field of a task to create: its id and its value, shaped as the field's type wants it. */
    record NewFieldValue(String id, Object value) {
    }

    /**
     * Only what changes: the routes leave null fields out. Priority and due date are JSON, so that clearing one is
     * sent as {@code null} rather than left out.
     */
    record TaskChange(String name, String description, String status, Boolean archived, JsonNode priority,
                      @JsonProperty("due_date") JsonNode dueDate, @JsonProperty("due_date_time") Boolean dueDateTime) {
    }

    /** {@code PUT /task/{id}}'s assignee change: member ids to add and to remove. */
    record AssigneesChange(Assignees assignees) {
    }

    record Assignees(List<Long> add, List<Long> rem) {
    }

    /** Set Custom Field's body: the value as the field's type takes it (a date's says whether it has a time). */
    record FieldSet(Object value, @JsonProperty("value_options") TimeOption valueOptions) {
    }

    record TimeOption(boolean time) {
    }

    record SetValue(String value) {
    }

    /** An answer leadsync does not read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ignored() {
    }
}
