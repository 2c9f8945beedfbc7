package io.leadsync.trello;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.time.IsoTimes;
import io.leadsync.tracker.FieldForms;
import io.leadsync.tracker.FieldValueRefused;
import io.leadsync.tracker.FollowUp;

/**
 * The fields a mapping names on a Trello board beyond name and description: due, labels (by name), assignees
 * (members by username) and custom fields (by name; text, number, checkbox, date, list). Resolved at connect from
 * what the board has, asking only for what is mapped; translates cards to the text forms
 * ({@link FieldForms}) and the text forms to request values. A label or member a card names that was added
 * since is found by reading the board's labels or members again, once.
 */
final class TrelloFields {

    private static final Set<String> TYPES = Set.of("text", "number", "checkbox", "date", "list");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ApiCall api;
    private final String boardName;
    private String boardId;
    private Set<String> mapped = Set.of();
    /** Label and member names by id; empty when not mapped. */
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> members = new LinkedHashMap<>();
    /** The mapped custom fields by name. */
    private final Map<String, TrelloBodies.CustomField> custom = new LinkedHashMap<>();
    /** Label and member ids a card named that the board did not list even when read again: not read again. */
    private final Set<String> missing = new java.util.HashSet<>();

    TrelloFields(ApiCall api, String boardName) {
        this.api = api;
        this.boardName = boardName;
    }

    /**
     * Checks the mapped tracker fields against the board, reading only what they need (its labels, members,
     * custom fields); throws {@link IllegalStateException} with one line saying what to fix.
     */
    void connect(String boardId, PairMapping mapping) {
        this.boardId = boardId;
        Set<String> keys = new LinkedHashSet<>(mapping.fields().keySet());
        for (String key : keys) {
            String name = FieldForms.customName(key);
            if (name == null && !Set.of(FieldForms.DUE, FieldForms.LABELS, FieldForms.ASSIGNEES).contains(key)) {
                throw new IllegalStateException("the trello mapping maps tracker field '" + key + "', which Trello "
                        + "cards do not have; they have due, labels, assignees and custom:<name>. Fix fields in routes/.");
            }
        }
        labels.clear();
        members.clear();
        custom.clear();
        missing.clear();
        if (keys.contains(FieldForms.LABELS)) {
            loadLabels();
        }
        if (keys.contains(FieldForms.ASSIGNEES)) {
            loadMembers();
        }
        if (keys.stream().anyMatch(k -> FieldForms.customName(k) != null)) {
            Map<String, TrelloBodies.CustomField> onBoard = new LinkedHashMap<>();
            api.get(boardPath("/customFields"), null, TrelloBodies.CustomFields.class).body()
                    .forEach(f -> onBoard.putIfAbsent(f.name(), f));
            for (String key : keys) {
                String name = FieldForms.customName(key);
                if (name == null) {
                    continue;
                }
                TrelloBodies.CustomField field = onBoard.get(name);
                if (field == null) {
                    throw new IllegalStateException("custom field '" + name + "' in the trello mapping does not exist on "
                            + "board '" + boardName + "'; it has: " + String.join(", ", onBoard.keySet())
                            + ". Fix fields in routes/ or add the field to the board.");
                }
                if (!TYPES.contains(field.type())) {
                    throw new IllegalStateException("custom field '" + name + "' on board '" + boardName + "' is of type '"
                            + field.type() + "', which leadsync cannot map; it maps text, number, checkbox, date and "
                            + "list fields. Fix fields in routes/.");
                }
                custom.put(name, field);
            }
        }
        mapped = keys;
    }

    private String boardPath(String what) {
        return "/1/boards/" + boardId + what;
    }

    private void loadLabels() {
        labels.clear();
        api.get(boardPath("/labels"), "fields=id,name&limit=1000", TrelloBodies.Labels.class).body()
                .forEach(l -> labels.put(l.id(), l.name() == null ? "" : l.name()));
    }

    private void loadMembers() {
        members.clear();
        api.get(boardPath("/members"), "fields=id,username", TrelloBodies.Members.class).body()
                .forEach(m -> members.put(m.id(), m.username()));
    }

    boolean mapped(String key) {
        return mapped.contains(key);
    }

    private boolean anyCustom() {
        return !custom.isEmpty();
    }

    /** The card fields (and custom field items) a read asks for beyond {@code fields}: only what is mapped. */
    String cardQuery(String fields) {
        StringBuilder query = new StringBuilder(fields);
        for (String[] field : new String[][] {{FieldForms.DUE, "due"}, {FieldForms.LABELS, "idLabels"},
                {FieldForms.ASSIGNEES, "idMembers"}}) {
            if (mapped(field[0])) {
                query.append(',').append(field[1]);
            }
        }
        return anyCustom() ? query + "&customFieldItems=true" : query.toString();
    }

    /** The board actions that change a mapped field of a card (beyond updateCard, which the read asks for anyway). */
    List<String> actionTypes() {
        List<String> types = new ArrayList<>();
        if (mapped(FieldForms.LABELS)) {
            types.addAll(List.of("addLabelToCard", "removeLabelFromCard"));
        }
        if (mapped(FieldForms.ASSIGNEES)) {
            types.addAll(List.of("addMemberToCard", "removeMemberFromCard"));
        }
        if (anyCustom()) {
            types.add("updateCustomFieldItem");
        }
        return types;
    }

    /**
     * Whether an action changed a mapped field of its card, which an item rebuilt from the actions cannot show:
     * such a card is read instead.
     */
    boolean changesField(TrelloBodies.Action action) {
        if (actionTypes().contains(action.type())) {
            return true;
        }
        JsonNode old = action.data() == null ? null : action.data().old();
        return "updateCard".equals(action.type()) && mapped(FieldForms.DUE) && old != null && old.has("due");
    }

    /**
     * The mapped fields of a card in their text forms (a card as a read, a create or an update answers it, never the
     * part of one an action names); its custom fields only when it came with its custom field items, else they are
     * left out: not read.
     */
    Map<String, String> read(TrelloBodies.Card card) {
        Map<String, String> values = new TreeMap<>();
        if (mapped(FieldForms.DUE)) {
            values.put(FieldForms.DUE, card.due() == null || card.due().isEmpty() ? ""
                    : FieldForms.date(Instant.ofEpochMilli(IsoTimes.epochMillis(card.due()))));
        }
        if (mapped(FieldForms.LABELS)) {
            values.put(FieldForms.LABELS, FieldForms.names(named(listed(card.idLabels()), labels, this::loadLabels)));
        }
        if (mapped(FieldForms.ASSIGNEES)) {
            values.put(FieldForms.ASSIGNEES, FieldForms.names(named(listed(card.idMembers()), members,
                    this::loadMembers)));
        }
        if (card.customFieldItems() != null) {
            custom.forEach((name, field) -> values.put(FieldForms.CUSTOM + name, customValue(field,
                    card.customFieldItems())));
        }
        return values;
    }

    private static <T> List<T> listed(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Names of ids (a label without a name counts as none); an id not seen before reads the board's names again,
     * once for that id, so a read of many cards costs one more request at most for each label or member added.
     */
    private List<String> named(List<String> ids, Map<String, String> names, Runnable reload) {
        List<String> unseen = ids.stream().filter(id -> !names.containsKey(id) && !missing.contains(id)).toList();
        if (!unseen.isEmpty()) {
            reload.run();
            unseen.stream().filter(id -> !names.containsKey(id)).forEach(missing::add);
        }
        List<String> named = new ArrayList<>();
        for (String id : ids) {
            String name = names.getOrDefault(id, id);
            if (!name.isEmpty()) {
                named.add(name);
            }
        }
        return named;
    }

    private static String customValue(TrelloBodies.CustomField field, List<TrelloBodies.CustomFieldItem> items) {
        for (TrelloBodies.CustomFieldItem item : items) {
            if (!field.id().equals(item.idCustomField())) {
                continue;
            }
            if ("list".equals(field.type())) {
                return options(field).entrySet().stream().filter(o -> o.getValue().equals(item.idValue()))
                        .map(Map.Entry::getKey).findFirst().orElse("");
            }
            JsonNode value = item.value();
            if (value == null || !value.isObject()) {
                return "";
            }
            return switch (field.type()) {
                case "number" -> FieldForms.number(value.path("number").asText(""));
                case "checkbox" -> "true".equals(value.path("checked").asText()) ? "true" : "";
                case "date" -> value.path("date").asText("").isEmpty() ? ""
                        : FieldForms.date(Instant.ofEpochMilli(IsoTimes.epochMillis(value.path("date").asText())));
                default -> value.path("text").asText("");
            };
        }
        return "";
    }

    /** A list field's option ids by their text. */
    private static Map<String, String> options(TrelloBodies.CustomField field) {
        Map<String, String> byText = new LinkedHashMap<>();
        for (TrelloBodies.Option o : field.options() == null ? List.<TrelloBodies.Option>of() : field.options()) {
            byText.putIfAbsent(o.value() == null ? "" : o.value().text(), o.id());
        }
        return byText;
    }

    /** The label ids of a labels value; a name the board lacks (after reading its labels again) is refused. */
    List<String> labelIds(String value, String recordId) {
        return ids(value, labels, this::loadLabels, recordId, "label", FieldForms.LABELS);
    }

    /** The member ids of an assignees value (usernames); a username not on the board is refused. */
    List<String> memberIds(String value, String recordId) {
        return ids(value, members, this::loadMembers, recordId, "member", FieldForms.ASSIGNEES);
    }

    private List<String> ids(String value, Map<String, String> names, Runnable reload, String recordId, String what,
                             String key) {
        List<String> ids = new ArrayList<>();
        for (String name : FieldForms.splitNames(value)) {
            String id = idOf(name, names);
            if (id == null) {
                reload.run();
                id = idOf(name, names);
            }
            if (id == null) {
                throw new FieldValueRefused("lead " + recordId + ": Trello board '" + boardName + "' has no " + what
                        + " '" + name + "' for field " + key + " (it has: " + String.join(", ", names.values().stream()
                        .filter(n -> !n.isEmpty()).distinct().toList()) + "); add it to the board or change the lead");
            }
            ids.add(id);
        }
        return ids;
    }

    private static String idOf(String name, Map<String, String> names) {
        return names.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** A due value as Trello takes it (ISO-8601 UTC with millis); null for none. */
    String due(String value, String recordId) {
        return value.isEmpty() ? null : IsoTimes.format(instant(value, recordId, FieldForms.DUE));
    }

    private static Instant instant(String value, String recordId, String key) {
        try {
            return FieldForms.instant(value);
        } catch (IllegalArgumentException e) {
            throw FieldValueRefused.notOfItsKind(recordId, key, "Trello", e);
        }
    }

    /**
     * The custom field writes a change's fields need on a card, one {@code PUT
     * /1/cards/{id}/customField/{idCustomField}/item} each (Trello has no place for them in the card's own request),
     * in key order. Every value is checked here, so calling it before a create refuses a bad one before anything
     * is sent.
     */
    List<FollowUp> customWrites(String cardId, Map<String, String> fields, String recordId) {
        List<FollowUp> writes = new ArrayList<>();
        new TreeMap<>(fields).forEach((key, value) -> {
            String name = FieldForms.customName(key);
            TrelloBodies.CustomField field = name == null ? null : custom.get(name);
            if (field != null) {
                writes.add(new FollowUp("PUT", "/1/cards/" + cardId + "/customField/" + field.id() + "/item",
                        customBody(field, value, recordId, key), key, value));
            }
        });
        return writes;
    }

    /** {@code {"value": {"<type>": "..."}}}, or {@code {"idValue": "<option>"}} for a list; an empty value clears it. */
    private JsonNode customBody(TrelloBodies.CustomField field, String value, String recordId, String key) {
        ObjectNode body = JSON.objectNode();
        if ("list".equals(field.type())) {
            String option = value.isEmpty() ? "" : options(field).get(value);
            if (option == null) {
                throw new FieldValueRefused("lead " + recordId + ": custom field '" + field.name() + "' on Trello board '"
                        + boardName + "' has no option '" + value + "' (it has: " + String.join(", ",
                        options(field).keySet()) + "); add it or change the lead");
            }
            return body.put("idValue", option);
        }
        if (value.isEmpty() || "checkbox".equals(field.type()) && !"true".equals(value)) {
            return body.put("value", "");
        }
        String typed = switch (field.type()) {
            case "number" -> number(value, recordId, key);
            case "date" -> IsoTimes.format(instant(value, recordId, key));
            case "checkbox" -> "true";
            default -> value;
        };
        body.putObject("value").put("checkbox".equals(field.type()) ? "checked" : field.type(), typed);
        return body;
    }

    private static String number(String value, String recordId, String key) {
        try {
            return FieldForms.number(value);
        } catch (IllegalArgumentException e) {
            throw FieldValueRefused.notOfItsKind(recordId, key, "Trello", e);
        }
    }
}
