package io.leadsync.sandbox.trello;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and changes the emulated Trello account directly, for tests, seeding and simulated people. Each
 * call takes the emulator's state lock and every change is recorded (actions, dateLastActivity, webhooks)
 * exactly as the same change made over HTTP, but by a person: a teammate of the sandbox member (the first, alice on
 * the seeded board) is the actions' {@code idMemberCreator}, as when someone else edits the board in Trello. Boards, lists and cards are named by
 * id; lists may also be named by their name within the board. Unknown ids throw IllegalArgumentException.
 */
public final class TrelloControl {

    /**
     * A card as it is now, archived cards included. {@code customFields} maps field name to value text (a list
     * field's option text); {@code due} is ISO-8601 or null.
     */
    public record CardSnapshot(String id, String name, String desc, boolean closed, String idList, String listName,
                               String idBoard, double pos, int idShort, String shortLink, String url,
                               Instant dateLastActivity, Map<String, String> customFields, String due,
                               boolean dueComplete, List<String> idMembers, List<String> idLabels) {
    }

    public record MemberSnapshot(String id, String username, String fullName) {
    }

    /** {@code color} is null for a label without colour. */
    public record LabelSnapshot(String id, String name, String color) {
    }

    public record ListSnapshot(String id, String name, boolean closed, double pos, String idBoard) {
    }

    private final TrelloEmulator emulator;
    private final TrelloStore store;

    TrelloControl(TrelloEmulator emulator, TrelloStore store) {
        this.emulator = emulator;
        this.store = store;
    }

    public String memberId() {
        return store.me.id;
    }

    /** The seeded board "Work Tracker". */
    public String defaultBoardId() {
        return boardId("Work Tracker");
    }

    /** The account's boards' names, in the order they were made. */
    public List<String> boardNames() {
        return locked(() -> store.boards().stream().map(b -> b.name).toList());
    }

    public String boardId(String name) {
        return locked(() -> store.boards().stream().filter(b -> b.name.equals(name)).map(b -> b.id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no board named " + name)));
    }

    public String createBoard(String name) {
        return locked(() -> store.createBoard(name).id);
    }

    public String createList(String boardId, String name) {
        return locked(() -> store.createList(board(boardId), name, "bottom").id);
    }

    public String listId(String boardId, String listNameOrId) {
        return locked(() -> list(board(boardId), listNameOrId).id);
    }

    /** Lists in display order, archived ones included. */
    public List<ListSnapshot> lists(String boardId) {
        return locked(() -> store.listsOf(board(boardId)).stream()
                .map(l -> new ListSnapshot(l.id, l.name, l.closed, l.pos, l.board.id)).toList());
    }

    public CardSnapshot createCard(String boardId, String list, String name, String desc) {
        return locked(() -> snapshot(store.createCard(list(board(boardId), list), name, desc, "bottom", CardChange.none())));
    }

    /** Adds {@code count} cards named "prefix 1".."prefix n" at the bottom of the list (benchmarks). */
    public int addCards(String boardId, String list, int count, String namePrefix) {
        return locked(() -> store.generateCards(list(board(boardId), list), count, namePrefix).size());
    }

    public CardSnapshot renameCard(String cardId, String name) {
        return update(cardId, CardChange.none().name(name));
    }

    /** Moves a card to the bottom of another list of its board, named by list name or id. */
    public CardSnapshot moveCard(String cardId, String list) {
        return locked(() -> {
            Card card = card(cardId);
            return snapshot(store.updateCard(card, CardChange.none().idList(list(card.board, list).id)));
        });
    }

    public CardSnapshot archiveCard(String cardId) {
        return update(cardId, CardChange.none().closed(true));
    }

    public CardSnapshot unarchiveCard(String cardId) {
        return update(cardId, CardChange.none().closed(false));
    }

    /** Any combination of changes, as one PUT /1/cards/{id} would make them. */
    public CardSnapshot update(String cardId, CardChange change) {
        return locked(() -> snapshot(store.updateCard(card(cardId), change)));
    }

    public void deleteCard(String cardId) {
        locked(() -> {
            store.deleteCard(card(cardId));
            return null;
        });
    }

    /** The card, or empty when it does not exist (or was deleted). */
    public Optional<CardSnapshot> findCard(String cardId) {
        return locked(() -> {
            try {
                return Optional.of(snapshot(store.card(cardId)));
            } catch (TrelloError e) {
                return Optional.empty();
            }
        });
    }

    /** All cards of the board in display order, archived ones included. */
    public List<CardSnapshot> cards(String boardId) {
        return locked(() -> store.cardsOf(board(boardId)).stream().map(TrelloControl::snapshot).toList());
    }

    /** The board's actions newest first, as GET /1/boards/{id}/actions shows them. */
    public List<JsonNode> actions(String boardId) {
        return locked(() -> {
            List<Action> log = board(boardId).actions;
            List<JsonNode> newestFirst = new java.util.ArrayList<>(log.size());
            for (int i = log.size() - 1; i >= 0; i--) {
                newestFirst.add(log.get(i).json(true));
            }
            return newestFirst;
        });
    }

    public String createCustomField(String boardId, String name, String type) {
        return locked(() -> store.createCustomField(board(boardId), name, type, "bottom", true, List.of()).id);
    }

    /**
     * Sets a custom field by name as a person would: the value's text for text/number/date/checkbox fields, the
     * option's text for a list field; null or "" clears it.
     */
    public void setCustomField(String cardId, String fieldName, String value) {
        locked(() -> {
            Card card = card(cardId);
            CustomField field = card.board.customFields.stream().filter(f -> f.name.equals(fieldName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no custom field " + fieldName));
            boolean clear = value == null || value.isEmpty();
            ObjectNode body = TrelloJson.object();
            if (field.type.equals("list")) {
                body.put("idValue", clear ? "" : field.options.stream().filter(o -> o.text().equals(value))
                        .map(CustomField.Option::id).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no option " + value + " in " + fieldName)));
            } else if (clear) {
                body.putObject("value");
            } else {
                body.putObject("value").put(field.type.equals("checkbox") ? "checked" : field.type, value);
            }
            store.setCustomFieldItem(card, field, body);
            return null;
        });
    }

    /** A list custom field with the given options (in order). */
    public String createListCustomField(String boardId, String name, List<String> options) {
        return locked(() -> store.createCustomField(board(boardId), name, "list", "bottom", true, options).id);
    }

    /** The board's members as GET /1/boards/{id}/members lists them, the sandbox member first. */
    public List<MemberSnapshot> members(String boardId) {
        return locked(() -> store.membersOf(board(boardId)).stream()
                .map(m -> new MemberSnapshot(m.id, m.username, m.fullName)).toList());
    }

    /** The board's labels in creation order. */
    public List<LabelSnapshot> labels(String boardId) {
        return locked(() -> board(boardId).labels.stream().map(l -> new LabelSnapshot(l.id, l.name, l.color)).toList());
    }

    public String createLabel(String boardId, String name, String color) {
        return locked(() -> store.createLabel(board(boardId), name, color == null ? "" : color).id);
    }

    /** Puts a label of the card's board, named by name or id, on the card (addLabelToCard). */
    public CardSnapshot addLabel(String cardId, String label) {
        return locked(() -> {
            Card card = card(cardId);
            store.addLabel(card, label(card.board, label));
            return snapshot(card);
        });
    }

    public CardSnapshot removeLabel(String cardId, String label) {
        return locked(() -> {
            Card card = card(cardId);
            store.removeLabel(card, label(card.board, label));
            return snapshot(card);
        });
    }

    /** Puts a member of the card's board, named by username or id, on the card (addMemberToCard). */
    public CardSnapshot addMember(String cardId, String member) {
        return locked(() -> {
            Card card = card(cardId);
            store.addMember(card, member(card.board, member));
            return snapshot(card);
        });
    }

    public CardSnapshot removeMember(String cardId, String member) {
        return locked(() -> {
            Card card = card(cardId);
            store.removeMember(card, member(card.board, member));
            return snapshot(card);
        });
    }

    public int webhookCount() {
        return locked(() -> store.webhooks().size());
    }

    /**
     * Trello turns every webhook off ({@code active: false}), as it does after prolonged failures (its thresholds are
     * not documented): nothing is delivered until a client sets one active again or makes a new one.
     */
    public void disableWebhooks() {
        locked(() -> {
            store.webhooks().forEach(w -> w.active = false);
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        try {
            return emulator.withState(() -> store.asPerson(action));
        } catch (TrelloError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Board board(String id) {
        return store.board(id);
    }

    private Card card(String id) {
        return store.card(id);
    }

    private static Label label(Board board, String nameOrId) {
        return board.labels.stream().filter(l -> l.id.equals(nameOrId)).findFirst()
                .or(() -> board.labels.stream().filter(l -> l.name.equals(nameOrId)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no label " + nameOrId + " on board " + board.name));
    }

    private Member member(Board board, String usernameOrId) {
        return store.membersOf(board).stream().filter(m -> m.id.equals(usernameOrId) || m.username.equals(usernameOrId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + usernameOrId + " on board " + board.name));
    }

    private static TrelloList list(Board board, String nameOrId) {
        return board.lists.stream().filter(l -> l.id.equals(nameOrId)).findFirst()
                .or(() -> board.lists.stream().filter(l -> l.name.equals(nameOrId) && !l.closed).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no list " + nameOrId + " on board " + board.name));
    }

    private static CardSnapshot snapshot(Card c) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (CustomFieldItem item : c.customFieldItems.values()) {
            String text = item.idValue != null ? item.field.options.stream().filter(o -> o.id().equals(item.idValue))
                    .map(CustomField.Option::text).findFirst().orElse(item.idValue)
                    : item.value.fields().next().getValue().asText();
            fields.put(item.field.name, text);
        }
        return new CardSnapshot(c.id, c.name, c.desc, c.closed, c.list.id, c.list.name, c.board.id, c.pos, c.idShort,
                c.shortLink, c.url(), c.dateLastActivity, Map.copyOf(fields), c.due, c.dueComplete, List.copyOf(c.idMembers),
                List.copyOf(c.idLabels));
    }
}
