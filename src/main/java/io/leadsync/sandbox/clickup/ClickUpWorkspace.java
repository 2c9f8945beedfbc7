package io.leadsync.sandbox.clickup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox's ClickUp data: one workspace ("team") "Leadsync Sandbox" of three members (the token's user first)
 * with a space "Sales" holding the folderless list "Leads Work" and its tasks, and the space's task tags. Not
 * thread-safe: the emulator calls it under its state lock. Every change to a task is reported as a
 * {@link TaskChange} (what ClickUp's webhooks tell), by the {@link #actor} making it.
 */
final class ClickUpWorkspace {

    /**
     * A change to a task, in the terms of a webhook history item: the event, the history field and the values
     * before and after (as the workspace holds them: strings, numbers, {@link TaskStatus}, tag names, user ids,
     * custom field values), by whom. {@code taskCreated} and {@code taskDeleted} carry no field.
     */
    record TaskChange(String event, Task task, String field, Object before, Object after, int actor) {
    }

    static final String TEAM_NAME = "Leadsync Sandbox";
    static final String SPACE_NAME = "Sales";
    static final String LIST_NAME = "Leads Work";
    static final String AIRTABLE_FIELD_NAME = "Airtable Record ID";
    static final String USERNAME = "Sandbox User";
    static final String EMAIL = "sandbox@leadsync.invalid";
    /** ClickUp's default colour of a tag made without one. UNCONFIRMED. */
    static final String TAG_COLOR = "#800000";

    final String teamId;
    final String spaceId;
    /** Folderless lists live in a hidden folder, which tasks report as their folder. */
    final String hiddenFolderId;
    final String listId;
    final int userId;
    final long createdAt;
    final List<TaskStatus> statuses;
    final List<ClickUpCustomField> fields = new ArrayList<>();
    /** The token's user first, then two more people of the workspace; all are members of the list. */
    final List<ClickUpMember> members;
    final ClickUpIds ids;

    private final Clock clock;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    /** The space's task tags by name, in the order they were made. */
    private final Map<String, ClickUpTag> spaceTags = new LinkedHashMap<>();
    private final Set<String> deletedIds = new HashSet<>();
    /** Tasks made and still being set up (a create with its fields): their changes are part of taskCreated. */
    private final Set<String> unannounced = new HashSet<>();
    private Consumer<TaskChange> listener = change -> { };
    /** Who makes the changes now: the token's user for API requests, else a person of the workspace. */
    int actor;
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
            fields.add(new ClickUpCustomField(ids.uuid(), AIRTABLE_FIELD_NAME, "short_text", createdAt, List.of()));
        }
        // from a stream of their own, so that the ids above and every task id stay what they were for a seed
        ClickUpIds people = new ClickUpIds(seed ^ 0x5eedL);
        this.members = List.of(new ClickUpMember(userId, USERNAME, EMAIL, "#7b68ee", "SU"),
                new ClickUpMember(people.userId(), "Dana Seller", "dana@leadsync.invalid", "#ff7fab", "DS"),
                new ClickUpMember(people.userId(), "Sam Closer", "sam@leadsync.invalid", "#0ab4ff", "SC"));
        this.actor = person();
    }

    /** The person who makes changes outside the API (simulated people, tests): Dana Seller. */
    int person() {
        return members.get(1).id();
    }

    /** Who hears about every change to a task (the webhooks). */
    void onChange(Consumer<TaskChange> listener) {
        this.listener = listener;
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

    Optional<ClickUpMember> member(int id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    List<ClickUpTag> spaceTags() {
        return List.copyOf(spaceTags.values());
    }

    /** The space's tag of that name (any case), or null. */
    ClickUpTag spaceTag(String name) {
        return spaceTags.get(tagName(name));
    }

    /** ClickUp keeps tag names in lower case (the UI shows them so; UNCONFIRMED for the API). */
    static String tagName(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
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

    /** Replaces the tasks, and the fields and tags when the saved data has them (loading saved data). */
    void restore(List<Task> saved, List<String> deleted, long nextSequence, List<ClickUpCustomField> savedFields,
                 List<ClickUpTag> savedTags) {
        if (savedFields != null) {
            fields.clear();
            fields.addAll(savedFields);
        }
        spaceTags.clear();
        savedTags.forEach(t -> spaceTags.put(t.name(), t));
        tasks.clear();
        saved.forEach(t -> tasks.put(t.id, t));
        deletedIds.clear();
        deletedIds.addAll(deleted);
        unannounced.clear();
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
        unannounced.add(id);
        return task;
    }

    /** A task made by {@link #create} is set up: taskCreated, then taskStatusUpdated from no status to its first. */
    void announce(Task task) {
        if (unannounced.remove(task.id)) {
            report("taskCreated", task, null, null, null);
            report("taskStatusUpdated", task, "status", null, task.status);
        }
    }

    void rename(Task task, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.taskNameInvalid();
        }
        if (!name.equals(task.name)) {
            report("taskUpdated", task, "name", task.name, name);
            task.name = name;
            touch(task);
        }
    }

    /** ClickUp clears a description when sent a single space. */
    void describe(Task task, String description, String markdown) {
        String text = " ".equals(description) ? "" : description;
        String md = markdown == null ? text : markdown;
        if (!text.equals(task.description) || !md.equals(task.markdown)) {
            report("taskUpdated", task, "content", task.description, text);
            task.description = text;
            task.markdown = md;
            touch(task);
        }
    }

    void moveTo(Task task, String statusName) {
        TaskStatus next = status(statusName).orElseThrow(ApiError::updateStatusDoesNotExist);
        if (!next.equals(task.status)) {
            report("taskStatusUpdated", task, "status", task.status, next);
            task.moveTo(next, now());
            touch(task);
        }
    }

    void archive(Task task, boolean archived) {
        if (task.archived != archived) {
            report("taskUpdated", task, "archived", task.archived, archived);
            task.archived = archived;
            touch(task);
        }
    }

    void setDueDate(Task task, Long dueDate) {
        if (!Objects.equals(task.dueDate, dueDate)) {
            report("taskDueDateUpdated", task, "due_date", task.dueDate, dueDate);
            task.dueDate = dueDate;
            touch(task);
        }
    }

    void setPriority(Task task, Integer priority) {
        if (priority != null && (priority < 1 || priority > 4)) {
            throw ApiError.badParameter("Priority invalid");
        }
        if (!Objects.equals(task.priority, priority)) {
            report("taskPriorityUpdated", task, "priority", task.priority, priority);
            task.priority = priority;
            touch(task);
        }
    }

    void setParent(Task task, String parentId) {
        if (parentId != null) {
            task(parentId);
        }
        if (!Objects.equals(task.parent, parentId)) {
            report("taskUpdated", task, "parent", task.parent, parentId);
            task.parent = parentId;
            touch(task);
        }
    }

    /**
     * A value for a field checked without storing it (so a create can refuse before it changes anything): as the
     * task will show it ({@link FieldValues}), or null to clear it.
     */
    JsonNode checkValue(String fieldId, JsonNode value) {
        ClickUpCustomField field = field(fieldId).orElseThrow(ApiError::fieldNotFound);
        if (value == null || value.isMissingNode()) {
            throw ApiError.fieldValueInvalid("Value must be provided");
        }
        return value.isNull() ? null : FieldValues.shown(field, value);
    }

    /** A custom field's value in a {@link TaskChange} (null: none). */
    record FieldValue(String fieldId, JsonNode value) {
    }

    /** Sets a custom field value; null clears it. */
    void setValue(Task task, String fieldId, JsonNode value) {
        JsonNode shown = checkValue(fieldId, value);
        if (shown == null) {
            clearValue(task, fieldId);
            return;
        }
        if (!shown.equals(task.values.get(fieldId))) {
            report("taskUpdated", task, "custom_field", new FieldValue(fieldId, task.values.get(fieldId)),
                    new FieldValue(fieldId, shown));
            task.values.put(fieldId, shown.deepCopy());
            touch(task);
        }
    }

    /** A person adds a custom field to the list in ClickUp's UI (API v2 has no call for it). */
    ClickUpCustomField addField(String name, String type, List<String> optionNames) {
        List<ClickUpCustomField.Option> options = new ArrayList<>();
        for (String option : optionNames) {
            options.add(new ClickUpCustomField.Option(ids.uuid(), option, null, options.size()));
        }
        ClickUpCustomField field = new ClickUpCustomField(ids.uuid(), name, type, now(), options);
        fields.add(field);
        return field;
    }

    /** A tag made in the space (by a person, or by a task given a tag the space did not have). */
    ClickUpTag addSpaceTag(String name, String tagFg, String tagBg) {
        return spaceTags.computeIfAbsent(tagName(name), n -> new ClickUpTag(n, tagFg, tagBg));
    }

    /** Adds a tag to a task; a name the space lacks becomes a space tag (UNCONFIRMED). */
    void tag(Task task, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.badParameter("Tag name invalid");
        }
        ClickUpTag tag = addSpaceTag(name, TAG_COLOR, TAG_COLOR);
        if (!task.tags.contains(tag.name())) {
            report("taskTagUpdated", task, "tag", null, List.of(tag.name()));
            task.tags.add(tag.name());
            touch(task);
        }
    }

    /** Takes a tag off a task (not out of the space); a tag the task lacks changes nothing. */
    void untag(Task task, String name) {
        if (task.tags.remove(tagName(name))) {
            report("taskTagUpdated", task, "tag_removed", List.of(tagName(name)), null);
            touch(task);
        }
    }

    /** A member's id checked (UNCONFIRMED refusal: the real text and code of a non-member are not documented). */
    int requireMember(JsonNode id) {
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
            throw ApiError.badParameter("Assignees must be user ids");
        }
        int userId = id.asInt();
        member(userId).orElseThrow(ApiError::assigneeNotMember);
        return userId;
    }

    void assign(Task task, int userId) {
        if (!task.assignees.contains(userId)) {
            report("taskAssigneeUpdated", task, "assignee_add", null, userId);
            task.assignees.add(userId);
            touch(task);
        }
    }

    void unassign(Task task, int userId) {
        if (task.assignees.remove(Integer.valueOf(userId))) {
            report("taskAssigneeUpdated", task, "assignee_rem", userId, null);
            touch(task);
        }
    }

    void clearValue(Task task, String fieldId) {
        field(fieldId).orElseThrow(ApiError::fieldNotFound);
        JsonNode before = task.values.remove(fieldId);
        if (before != null) {
            report("taskUpdated", task, "custom_field", new FieldValue(fieldId, before), new FieldValue(fieldId, null));
            touch(task);
        }
    }

    /** The field goes, and its values with it. */
    void deleteField(String fieldId) {
        fields.removeIf(f -> f.id().equals(fieldId));
        tasks.values().forEach(t -> t.values.remove(fieldId));
    }

    void delete(Task task) {
        report("taskDeleted", task, null, null, null);
        tasks.remove(task.id);
        deletedIds.add(task.id);
        children(task.id).forEach(this::delete);
    }

    /** Sets date_updated exactly, for tests of polling boundaries. */
    void setDateUpdated(Task task, long millis) {
        task.dateUpdated = millis;
    }

    private void report(String event, Task task, String field, Object before, Object after) {
        if (!unannounced.contains(task.id)) {
            listener.accept(new TaskChange(event, task, field, before, after, actor));
        }
    }

    private void touch(Task task) {
        task.dateUpdated = now();
    }
}
