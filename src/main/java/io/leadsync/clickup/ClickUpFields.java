package io.leadsync.clickup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.tracker.FieldForms;
import io.leadsync.tracker.FieldValueRefused;
import io.leadsync.tracker.FollowUp;
import io.leadsync.tracker.TrackerItem;

/**
 * The fields a mapping names on a ClickUp list beyond name and description: due, labels (the space's tags, by
 * name), priority (urgent, high, normal, low), assignees (list members, by email) and custom fields (by name; text
 * kinds, number, checkbox, date, drop_down). Resolved at connect from what the list has, asking only for what is
 * mapped; translates tasks to the text forms ({@link FieldForms}) and the text forms to request values. A tag or
 * member a lead names that was added since is found by reading the space's tags or the list's members again, once.
 */
final class ClickUpFields {

    private static final Set<String> TEXT_TYPES = Set.of("text", "short_text", "email", "url", "phone");
    private static final Set<String> TYPES = Set.of("text", "short_text", "email", "url", "phone", "number",
            "checkbox", "date", "drop_down");
    private static final List<String> PRIORITIES = List.of("urgent", "high", "normal", "low");

    private final ApiCall api;
    private final String listName;
    private String listId;
    private String spaceId;
    private Set<String> mapped = Set.of();
    private final Set<String> tags = new LinkedHashSet<>();
    /** Member ids by email: the list's members, and any assignee a task read names. */
    private final Map<String, Long> members = new LinkedHashMap<>();
    /** The mapped custom fields by name. */
    private final Map<String, ClickUpBodies.Field> custom = new LinkedHashMap<>();

    ClickUpFields(ApiCall api, String listName) {
        this.api = api;
        this.listName = listName;
    }

    /**
     * Checks the mapped tracker fields against the list, reading only what they need (the space's tags, the list's
     * members, its custom fields); throws {@link IllegalStateException} with one line saying what to fix.
     */
    void connect(String listId, ClickUpBodies.Ref space, PairMapping mapping,
                 Supplier<List<ClickUpBodies.Field>> listFields) {
        this.listId = listId;
        this.spaceId = space == null ? null : space.id();
        Set<String> keys = new LinkedHashSet<>(mapping.fields().keySet());
        for (String key : keys) {
            if (FieldForms.customName(key) == null && !Set.of(FieldForms.DUE, FieldForms.LABELS, FieldForms.PRIORITY,
                    FieldForms.ASSIGNEES).contains(key)) {
                throw new IllegalStateException("the clickup mapping maps tracker field '" + key + "', which ClickUp "
                        + "tasks do not have; they have due, labels, priority, assignees and custom:<name>. Fix fields "
                        + "in routes/.");
            }
        }
        tags.clear();
        members.clear();
        custom.clear();
        if (keys.contains(FieldForms.LABELS)) {
            loadTags();
        }
        if (keys.contains(FieldForms.ASSIGNEES)) {
            loadMembers();
        }
        if (keys.stream().anyMatch(k -> FieldForms.customName(k) != null)) {
            Map<String, ClickUpBodies.Field> onList = new LinkedHashMap<>();
            listFields.get().forEach(f -> onList.putIfAbsent(f.name(), f));
            for (String key : keys) {
                String name = FieldForms.customName(key);
                if (name == null) {
                    continue;
                }
                ClickUpBodies.Field field = onList.get(name);
                if (field == null) {
                    throw new IllegalStateException("custom field '" + name + "' in the clickup mapping does not exist "
                            + "in list '" + listName + "'; it has: " + String.join(", ", onList.keySet())
                            + ". Fix fields in routes/ or add the field to the list.");
                }
                if (!TYPES.contains(field.type())) {
                    throw new IllegalStateException("custom field '" + name + "' in list '" + listName + "' is of type '"
                            + field.type() + "', which leadsync cannot map; it maps text, number, checkbox, date and "
                            + "drop_down fields. Fix fields in routes/.");
                }
                custom.put(name, field);
            }
        }
        mapped = keys;
    }

    private void loadTags() {
        tags.clear();
        if (spaceId != null) {
            listed(api.get("/api/v2/space/" + spaceId + "/tag", null, ClickUpBodies.Tags.class).body().tags())
                    .forEach(t -> tags.add(t.name()));
        }
    }

    private void loadMembers() {
        members.clear();
        listed(api.get("/api/v2/list/" + listId + "/member", null, ClickUpBodies.Members.class).body().members())
                .forEach(this::remember);
    }

    private void remember(ClickUpBodies.User user) {
        if (user.email() != null && user.id() != null) {
            members.put(user.email(), Long.parseLong(user.id()));
        }
    }

    boolean mapped(String key) {
        return mapped.contains(key);
    }

    /** The mapped fields of a task in their text forms (a task read, created or updated: ClickUp answers it whole). */
    Map<String, String> read(ClickUpBodies.Task task) {
        Map<String, String> values = new TreeMap<>();
        if (mapped(FieldForms.DUE)) {
            values.put(FieldForms.DUE, date(task.dueDate()));
        }
        if (mapped(FieldForms.LABELS)) {
            values.put(FieldForms.LABELS, FieldForms.names(listed(task.tags()).stream().map(ClickUpBodies.Tag::name)
                    .toList()));
        }
        if (mapped(FieldForms.PRIORITY)) {
            values.put(FieldForms.PRIORITY, task.priority() == null || task.priority().priority() == null ? ""
                    : task.priority().priority().toLowerCase(Locale.ROOT));
        }
        if (mapped(FieldForms.ASSIGNEES)) {
            listed(task.assignees()).forEach(this::remember);
            values.put(FieldForms.ASSIGNEES, FieldForms.names(listed(task.assignees()).stream()
                    .map(ClickUpBodies.User::email).filter(e -> e != null).toList()));
        }
        custom.forEach((name, field) -> values.put(FieldForms.CUSTOM + name, customValue(field, task)));
        return values;
    }

    /** A date ClickUp gives as Unix ms (text or number); "" for none or for one that is not a number. */
    private static String date(String millis) {
        try {
            return millis == null || millis.isBlank() ? ""
                    : FieldForms.date(Instant.ofEpochMilli(new BigDecimal(millis).longValue()));
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static String customValue(ClickUpBodies.Field field, ClickUpBodies.Task task) {
        for (ClickUpBodies.FieldValue value : listed(task.customFields())) {
            JsonNode v = value.value();
            if (!field.id().equals(value.id()) || v == null || v.isNull()) {
                continue;
            }
            return switch (field.type()) {
                case "number" -> FieldForms.number(v.asText());
                case "checkbox" -> v.asBoolean() || "true".equals(v.asText()) ? "true" : "";
                case "date" -> date(v.asText());
                case "drop_down" -> options(field).stream().filter(o -> v.isNumber() || v.asText().matches("\\d+")
                        ? o.orderindex() != null && o.orderindex() == v.asInt() : v.asText().equals(o.id()))
                        .map(ClickUpBodies.Option::name).findFirst().orElse("");
                default -> v.asText();
            };
        }
        return "";
    }

    private static List<ClickUpBodies.Option> options(ClickUpBodies.Field field) {
        return field.typeConfig() == null ? List.of() : listed(field.typeConfig().options());
    }

    /** The mapped fields a task is created with, checked: a value the list cannot take refuses the create. */
    ClickUpBodies.TaskFields onCreate(Map<String, String> fields, String recordId) {
        List<String> tagNames = fields.containsKey(FieldForms.LABELS) ? tags(fields.get(FieldForms.LABELS), recordId)
                : List.of();
        List<Long> assignees = fields.containsKey(FieldForms.ASSIGNEES)
                ? memberIds(fields.get(FieldForms.ASSIGNEES), recordId) : List.of();
        String due = fields.getOrDefault(FieldForms.DUE, "");
        String priority = fields.getOrDefault(FieldForms.PRIORITY, "");
        return new ClickUpBodies.TaskFields(tagNames.isEmpty() ? null : tagNames,
                assignees.isEmpty() ? null : assignees, priority.isEmpty() ? null : priority(priority, recordId),
                due.isEmpty() ? null : millis(due, recordId, FieldForms.DUE),
                due.isEmpty() ? null : FieldForms.hasTime(due));
    }

    /** The mapped custom fields a task is created with, by field id (empty ones left out). */
    Map<String, Object> customOnCreate(Map<String, String> fields, String recordId) {
        Map<String, Object> values = new LinkedHashMap<>();
        new TreeMap<>(fields).forEach((key, value) -> {
            ClickUpBodies.Field field = customField(key);
            if (field != null && !value.isEmpty()) {
                values.put(field.id(), customValue(field, value, recordId, key));
            }
        });
        return values;
    }

    /** The priority of a change for {@code PUT /task/{id}}: its number, JSON null to clear, null if unchanged. */
    JsonNode priorityChange(Map<String, String> fields, String recordId) {
        String value = fields.get(FieldForms.PRIORITY);
        return value == null ? null : value.isEmpty() ? NullNode.getInstance()
                : IntNode.valueOf(priority(value, recordId));
    }

    /** The due date of a change for {@code PUT /task/{id}}: ms, JSON null to clear, null if unchanged. */
    JsonNode dueChange(Map<String, String> fields, String recordId) {
        String value = fields.get(FieldForms.DUE);
        return value == null ? null : value.isEmpty() ? NullNode.getInstance()
                : LongNode.valueOf(millis(value, recordId, FieldForms.DUE));
    }

    /** Whether a change's due date has a time, for {@code due_date_time}; null if it sets none. */
    Boolean dueTimeChange(Map<String, String> fields) {
        String value = fields.get(FieldForms.DUE);
        return value == null || value.isEmpty() ? null : FieldForms.hasTime(value);
    }

    /**
     * What {@code PUT /task/{id}} cannot carry, one request each, decided on the task as that request answered it:
     * the assignees (added and removed by difference), the tags (each added or removed on its own) and the custom
     * fields (set, or removed when empty). Every value is checked: calling it before the task's own request refuses
     * a bad one before anything is sent.
     */
    List<FollowUp> followUps(String taskId, Map<String, String> fields, Map<String, String> now, String recordId) {
        List<FollowUp> requests = new ArrayList<>();
        String task = "/api/v2/task/" + taskId;
        String assignees = fields.get(FieldForms.ASSIGNEES);
        if (assignees != null) {
            List<Long> wanted = memberIds(assignees, recordId);
            List<Long> had = memberIds(now.getOrDefault(FieldForms.ASSIGNEES, ""), recordId);
            List<Long> add = new ArrayList<>(wanted);
            add.removeAll(had);
            List<Long> rem = new ArrayList<>(had);
            rem.removeAll(wanted);
            if (!add.isEmpty() || !rem.isEmpty()) {
                requests.add(new FollowUp("PUT", task, new ClickUpBodies.AssigneesChange(new ClickUpBodies.Assignees(
                        add, rem)), FieldForms.ASSIGNEES, assignees));
            }
        }
        String labels = fields.get(FieldForms.LABELS);
        if (labels != null) {
            List<String> wanted = tags(labels, recordId);
            List<String> had = FieldForms.splitNames(now.getOrDefault(FieldForms.LABELS, ""));
            wanted.stream().filter(t -> !had.contains(t)).forEach(t -> requests.add(new FollowUp("POST",
                    task + "/tag/" + segment(t), null, FieldForms.LABELS, labels)));
            had.stream().filter(t -> !wanted.contains(t)).forEach(t -> requests.add(new FollowUp("DELETE",
                    task + "/tag/" + segment(t), null, FieldForms.LABELS, labels)));
        }
        new TreeMap<>(fields).forEach((key, value) -> {
            ClickUpBodies.Field field = customField(key);
            if (field != null) {
                requests.add(value.isEmpty() ? new FollowUp("DELETE", task + "/field/" + field.id(), null, key, value)
                        : new FollowUp("POST", task + "/field/" + field.id(), new ClickUpBodies.FieldSet(
                        customValue(field, value, recordId, key), "date".equals(field.type())
                        ? new ClickUpBodies.TimeOption(FieldForms.hasTime(value)) : null), key, value));
            }
        });
        return requests;
    }

    /** The follow-ups of a change to the item as it was answered. */
    List<FollowUp> followUps(TrackerItem answered, Map<String, String> fields, String recordId) {
        return followUps(answered.id(), fields, answered.fields(), recordId);
    }

    /** A tag's name as a path segment. */
    private static String segment(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private ClickUpBodies.Field customField(String key) {
        String name = FieldForms.customName(key);
        return name == null ? null : custom.get(name);
    }

    /** A custom field's value as ClickUp's create and Set Custom Field take it. */
    private static Object customValue(ClickUpBodies.Field field, String value, String recordId, String key) {
        return switch (field.type()) {
            case "number" -> {
                try {
                    yield new BigDecimal(FieldForms.number(value));
                } catch (IllegalArgumentException e) {
                    throw refused(recordId, key, e);
                }
            }
            case "checkbox" -> "true".equals(value);
            case "date" -> millis(value, recordId, key);
            case "drop_down" -> options(field).stream().filter(o -> value.equals(o.name())).map(ClickUpBodies.Option::id)
                    .findFirst().orElseThrow(() -> new FieldValueRefused("lead " + recordId + ": custom field '"
                            + field.name() + "' of ClickUp list has no option '" + value + "' (it has: "
                            + String.join(", ", options(field).stream().map(ClickUpBodies.Option::name).toList())
                            + "); add it or change the lead"));
            default -> value;
        };
    }

    private static long millis(String value, String recordId, String key) {
        try {
            return FieldForms.instant(value).toEpochMilli();
        } catch (IllegalArgumentException e) {
            throw refused(recordId, key, e);
        }
    }

    private static FieldValueRefused refused(String recordId, String key, IllegalArgumentException e) {
        return FieldValueRefused.notOfItsKind(recordId, key, "ClickUp", e);
    }

    private static int priority(String value, String recordId) {
        int index = PRIORITIES.indexOf(value);
        if (index < 0) {
            throw new FieldValueRefused("lead " + recordId + ": ClickUp has no priority '" + value + "' for field "
                    + FieldForms.PRIORITY + " (it has: " + String.join(", ", PRIORITIES) + "); change the lead");
        }
        return index + 1;
    }

    /** The tag names of a labels value; a tag the space lacks (after reading its tags again) is refused. */
    private List<String> tags(String value, String recordId) {
        List<String> names = FieldForms.splitNames(value);
        if (!tags.containsAll(names)) {
            loadTags();
        }
        for (String name : names) {
            if (!tags.contains(name)) {
                String lower = name.toLowerCase(Locale.ROOT);
                throw new FieldValueRefused("lead " + recordId + ": the space of ClickUp list '" + listName
                        + "' has no tag '" + name + "' for field " + FieldForms.LABELS + " (it has: "
                        + String.join(", ", tags) + "); " + (tags.contains(lower) ? "ClickUp keeps tags in lower "
                        + "case: write '" + lower + "' in the lead (or map a field that gives it)"
                        : "add it to the space or change the lead"));
            }
        }
        return names;
    }

    /** The member ids of an assignees value (emails); an email no list member has is refused. */
    private List<Long> memberIds(String value, String recordId) {
        List<String> emails = FieldForms.splitNames(value);
        if (!members.keySet().containsAll(emails)) {
            loadMembers();
        }
        List<Long> ids = new ArrayList<>();
        for (String email : emails) {
            Long id = members.get(email);
            if (id == null) {
                throw new FieldValueRefused("lead " + recordId + ": ClickUp list '" + listName + "' has no member '"
                        + email + "' for field " + FieldForms.ASSIGNEES + " (it has: " + String.join(", ",
                        members.keySet()) + "); add them to the list or change the lead");
            }
            ids.add(id);
        }
        return ids;
    }

    private static <T> List<T> listed(List<T> list) {
        return list == null ? List.of() : list;
    }
}
