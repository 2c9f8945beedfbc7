package io.leadsync.sandbox.clickup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox's ClickUp data: one workspace ("team") "Leadsync Sandbox" with a space "Sales" holding the
 * folderless list "Leads Work" and its tasks. Not thread-safe: the emulator calls it under its state lock.
 */
final class ClickUpWorkspace {

    static final String TEAM_NAME = "Leadsync Sandbox";
    static final String SPACE_NAME = "Sales";
    static final String LIST_NAME = "Leads Work";
    static final String AIRTABLE_FIELD_NAME = "Airtable Record ID";
    static final String USERNAME = "Sandbox User";
    static final String EMAIL = "sandbox@leadsync.invalid";

    final String teamId;
    final String spaceId;
    /** Folderless lists live in a hidden folder, which tasks report as their folder. */
    final String hiddenFolderId;
    final String listId;
    final int userId;
    final long createdAt;
    final List<TaskStatus> statuses;
    final List<ClickUpCustomField> fields = new ArrayList<>();
    final ClickUpIds ids;

    private final Clock clock;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Set<String> deletedIds = new HashSet<>();
    private long sequence;

    ClickUpWorkspace(Clock clock, long seed, boolean airtableRecordIdField) {
        this.clock = clock;
        this.ids = new ClickUpIds(seed);
        this.createdAt = clock.millis();
        this.userId = ids.userId();
        this.teamId = ids.numericId();
        this.spaceId = ids.numericId();
        this.hiddenFolderId = ids.numericId();
        this.listId = ids.numericId();
        this.statuses = List.of(
                new TaskStatus(ids.statusId(listId), "to do", "#87909e", 0, "open"),
                new TaskStatus(ids.statusId(listId), "in progress", "#5f55ee", 1, "custom"),
                new TaskStatus(ids.statusId(listId), "complete", "#008844", 2, "closed"));
        if (airtableRecordIdField) {
            fields.add(new ClickUpCustomField(ids.uuid(), AIRTABLE_FIELD_NAME, "short_text", createdAt));
        }
    }

    long now() {
        return clock.millis();
    }

    // ----------------------------------------------------------------- lookups (throw the real refusals)

    void requireTeam(String id) {
        if (!teamId.equals(id)) {
            throw ApiError.notAuthorized();
        }
    }

    void requireSpace(String id) {
        if (!spaceId.equals(id)) {
            throw ApiError.notAuthorized();
        }
    }

    void requireList(String id) {
        if (!id.chars().allMatch(Character::isDigit)) {
            throw ApiError.listIdInvalid();
        }
        if (!listId.equals(id)) {
            throw ApiError.notAuthorized();
        }
    }

    Task task(String id) {
        Task task = tasks.get(id);
        if (task != null) {
            return task;
        }
        throw deletedIds.contains(id) ? ApiError.taskDeleted() : ApiError.notAuthorized();
    }

    Optional<Task> findTask(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** Statuses match case-insensitively, as on the real service. */
    Optional<TaskStatus> status(String name) {
        return statuses.stream().filter(s -> s.status().equalsIgnoreCase(name.trim())).findFirst();
    }

    Optional<ClickUpCustomField> field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    List<Task> children(String parentId) {
        return tasks.values().stream().filter(t -> parentId.equals(t.parent)).toList();
    }

    Set<String> deletedIds() {
        return Set.copyOf(deletedIds);
    }

    long sequence() {
        return sequence;
    }

    /** Replaces the tasks (loading saved data). */
    void restore(List<Task> saved, List<String> deleted, long nextSequence) {
        tasks.clear();
        saved.forEach(t -> tasks.put(t.id, t));
        deletedIds.clear();
        deletedIds.addAll(deleted);
        sequence = nextSequence;
    }

    // ----------------------------------------------------------------- changes

    /** Creates a task in the list; a null status means the list's first status. */
    Task create(String name, String statusName) {
        if (name == null || name.isBlank()) {
            throw ApiError.taskNameInvalid();
        }
        TaskStatus status = statusName == null ? statuses.get(0)
                : status(statusName).orElseThrow(ApiError::createStatusNotFound);
        String id;
        do {
            id = ids.taskId();
        } while (tasks.containsKey(id) || deletedIds.contains(id));
        Task task = new Task(id, listId, sequence++, now(), name, status);
        tasks.put(id, task);
        return task;
    }

    void rename(Task task, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.taskNameInvalid();
        }
        if (!name.equals(task.name)) {
            task.name = name;
            touch(task);
        }
    }

    /** ClickUp clears a description when sent a single space. */
    void describe(Task task, String description, String markdown) {
        String text = " ".equals(description) ? "" : description;
        String md = markdown == null ? text : markdown;
        if (!text.equals(task.description) || !md.equals(task.markdown)) {
            task.description = text;
            task.markdown = md;
            touch(task);
        }
    }

    void moveTo(Task task, String statusName) {
        TaskStatus next = status(statusName).orElseThrow(ApiError::updateStatusDoesNotExist);
        if (!next.equals(task.status)) {
            task.moveTo(next, now());
            touch(task);
        }
    }

    void archive(Task task, boolean archived) {
        if (task.archived != archived) {
            task.archived = archived;
            touch(task);
        }
    }

    void setDueDate(Task task, Long dueDate) {
        if (!Objects.equals(task.dueDate, dueDate)) {
            task.dueDate = dueDate;
            touch(task);
        }
    }

    void setPriority(Task task, Integer priority) {
        if (priority != null && (priority < 1 || priority > 4)) {
            throw ApiError.badParameter("Priority invalid");
        }
        if (!Objects.equals(task.priority, priority)) {
            task.priority = priority;
            touch(task);
        }
    }

    void setParent(Task task, String parentId) {
        if (parentId != null) {
            task(parentId);
        }
        if (!Objects.equals(task.parent, parentId)) {
            task.parent = parentId;
            touch(task);
        }
    }

    /** Checks a value for a field without storing it (so a create can refuse before it changes anything). */
    void checkValue(String fieldId, JsonNode value) {
        ClickUpCustomField field = field(fieldId).orElseThrow(ApiError::fieldNotFound);
        if (value == null || value.isMissingNode()) {
            throw ApiError.fieldValueInvalid("Value must be provided");
        }
        if (!value.isNull()) {
            validate(field, value);
        }
    }

    /** Sets a custom field value; null clears it. */
    void setValue(Task task, String fieldId, JsonNode value) {
        checkValue(fieldId, value);
        if (value.isNull()) {
            clearValue(task, fieldId);
            return;
        }
        if (!value.equals(task.values.get(fieldId))) {
            task.values.put(fieldId, value.deepCopy());
            touch(task);
        }
    }

    void clearValue(Task task, String fieldId) {
        field(fieldId).orElseThrow(ApiError::fieldNotFound);
        if (task.values.remove(fieldId) != null) {
            touch(task);
        }
    }

    /** The field goes, and its values with it. */
    void deleteField(String fieldId) {
        fields.removeIf(f -> f.id().equals(fieldId));
        tasks.values().forEach(t -> t.values.remove(fieldId));
    }

    void delete(Task task) {
        tasks.remove(task.id);
        deletedIds.add(task.id);
        children(task.id).forEach(this::delete);
    }

    /** Sets date_updated exactly, for tests of polling boundaries. */
    void setDateUpdated(Task task, long millis) {
        task.dateUpdated = millis;
    }

    private void touch(Task task) {
        task.dateUpdated = now();
    }

    private static void validate(ClickUpCustomField field, JsonNode value) {
        boolean ok = switch (field.type()) {
            case "short_text", "text", "email", "url", "phone" -> value.isTextual();
            case "number", "currency" -> value.isNumber() || value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?");
            case "checkbox" -> value.isBoolean();
            default -> true;
        };
        if (!ok) {
            throw ApiError.fieldValueInvalid("Value is not a valid " + field.type());
        }
    }
}
