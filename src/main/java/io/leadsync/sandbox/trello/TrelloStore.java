package io.leadsync.sandbox.trello;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.time.IsoTimes;

/**
 * The emulated Trello account in memory. Every change goes through here, bumps dateLastActivity and
 * records the action the real service would record, whether it came over HTTP or from a simulated person.
 * Not thread-safe: callers hold the emulator's state lock.
 */
final class TrelloStore {

    /** Where Trello puts the first card or list, and the gap it leaves below the last one. */
    private static final double FIRST_POS = 65535;
    private static final double POS_STEP = 65536;

    private final Clock clock;
    private final TrelloIds ids;
    private final TrelloConfig config;
    /** Replaced only when saved data is loaded. */
    Member me;
    private String idOrganization;
    private final Map<String, Board> boards = new LinkedHashMap<>();
    private final Map<String, TrelloList> lists = new HashMap<>();
    private final Map<String, Card> cards = new HashMap<>();
    private final Map<String, String> shortLinks = new HashMap<>();
    private final Map<String, CustomField> customFields = new HashMap<>();
    private final Map<String, TrelloWebhook> webhooks = new LinkedHashMap<>();
    private long actionCount;
    private Consumer<Action> actionListener = a -> { };

    TrelloStore(Clock clock, long seed, TrelloConfig config) {
        this.clock = clock;
        this.ids = new TrelloIds(seed, clock);
        this.config = config;
        this.me = new Member(ids.next(), "sandbox", "Sandbox User");
        this.idOrganization = ids.next();
    }

    /** The sandbox's starting point: board "Work Tracker" with lists TODO and DONE (and the custom field). */
    void seed() {
        Board board = createBoard("Work Tracker");
        createList(board, "TODO", "bottom");
        createList(board, "DONE", "bottom");
        if (config.seedCustomField()) {
            createCustomField(board, "Airtable Record", "text", "bottom", true, List.of());
        }
    }

    /** Replaces everything (loading saved data); webhooks are not kept. */
    void replace(Member member, String organization, List<Board> loaded, long actions) {
        me = member;
        idOrganization = organization;
        actionCount = actions;
        boards.clear();
        lists.clear();
        cards.clear();
        shortLinks.clear();
        customFields.clear();
        webhooks.clear();
        for (Board board : loaded) {
            boards.put(board.id, board);
            shortLinks.put(board.shortLink, board.id);
            board.lists.forEach(l -> lists.put(l.id, l));
            board.customFields.forEach(f -> customFields.put(f.id, f));
            for (Card card : board.cards) {
                cards.put(card.id, card);
                shortLinks.put(card.shortLink, card.id);
            }
        }
    }

    TrelloIds ids() {
        return ids;
    }

    long actionCount() {
        return actionCount;
    }

    String idOrganization() {
        return idOrganization;
    }

    void onAction(Consumer<Action> listener) {
        this.actionListener = listener;
    }

    TrelloConfig config() {
        return config;
    }

    // ---- lookups: 400 "invalid id" for a malformed id, 404 for an unknown one

    Board board(String idOrShortLink) {
        return find(boards, idOrShortLink, true);
    }

    Card card(String idOrShortLink) {
        return find(cards, idOrShortLink, true);
    }

    TrelloList list(String id) {
        return find(lists, id, false);
    }

    CustomField customField(String id) {
        return find(customFields, id, false);
    }

    TrelloWebhook webhook(String id) {
        return find(webhooks, id, false);
    }

    private <T> T find(Map<String, T> byId, String key, boolean shortLinkAllowed) {
        if (!(shortLinkAllowed ? TrelloIds.isIdOrShortLink(key) : TrelloIds.isObjectId(key))) {
            throw TrelloError.invalidId();
        }
        T found = byId.get(TrelloIds.isObjectId(key) ? key.toLowerCase() : shortLinks.get(key));
        if (found == null) {
            throw TrelloError.notFound();
        }
        return found;
    }

    Collection<Board> boards() {
        return boards.values();
    }

    Collection<TrelloWebhook> webhooks() {
        return webhooks.values();
    }

    // ---- boards and lists

    Board createBoard(String name) {
        Board board = new Board(ids.next(), ids.shortLink(), idOrganization, me.id, name, clock.instant());
        boards.put(board.id, board);
        shortLinks.put(board.shortLink, board.id);
        ObjectNode data = TrelloJson.object();
        data.set("board", board.ref());
        record(board, "createBoard", data, Set.of(board.id, me.id));
        return board;
    }

    TrelloList createList(Board board, String name, String pos) {
        if (name == null || name.isEmpty() || name.length() > 16384) {
            throw TrelloError.invalidValue("name");
        }
        List<Double> taken = board.lists.stream().filter(l -> !l.closed).map(l -> l.pos).toList();
        TrelloList list = new TrelloList(ids.next(), board, name, position(pos, taken));
        board.lists.add(list);
        lists.put(list.id, list);
        ObjectNode data = TrelloJson.object();
        data.set("list", list.ref());
        data.set("board", board.ref());
        record(board, "createList", data, Set.of(board.id, list.id, me.id));
        return list;
    }

    /** Lists of a board in display order. */
    List<TrelloList> listsOf(Board board) {
        return board.lists.stream().sorted((a, b) -> Double.compare(a.pos, b.pos)).toList();
    }

    /** Cards in display order: by list, then position. */
    List<Card> cardsOf(Board board) {
        Map<String, Integer> listOrder = new HashMap<>();
        List<TrelloList> ordered = listsOf(board);
        for (int i = 0; i < ordered.size(); i++) {
            listOrder.put(ordered.get(i).id, i);
        }
        List<Card> out = new ArrayList<>(board.cards);
        out.sort((a, b) -> a.list != b.list ? Integer.compare(listOrder.get(a.list.id), listOrder.get(b.list.id))
                : Double.compare(a.pos, b.pos));
        return out;
    }

    // ---- cards

    Card createCard(TrelloList list, String name, String desc, String pos, CardChange extra) {
        Board board = list.board;
        if (board.openCards() >= config.openCardsPerBoard()) {
            throw openCardLimitReached(board);
        }
        if (name != null && name.length() > 16384) {
            throw TrelloError.invalidValue("name");
        }
        if (desc != null && desc.length() > 16384) {
            throw TrelloError.invalidValue("desc");
        }
        Instant now = clock.instant();
        Card card = new Card(ids.next(), ids.shortLink(), ++board.lastIdShort, list, name == null ? "" : name,
                position(pos, openPositions(list, null)), now);
        card.desc = desc == null ? "" : desc;
        card.due = extra.due() == null ? null : dateParam("due", extra.due());
        card.start = extra.start() == null ? null : dateParam("start", extra.start());
        card.dueComplete = Boolean.TRUE.equals(extra.dueComplete());
        if (extra.idMembers() != null) {
            card.idMembers.addAll(members(extra.idMembers()));
        }
        board.cards.add(card);
        cards.put(card.id, card);
        shortLinks.put(card.shortLink, card.id);
        board.dateLastActivity = now;
        ObjectNode data = TrelloJson.object();
        data.set("card", card.ref());
        data.set("list", list.ref());
        data.set("board", board.ref());
        record(board, "createCard", data, Set.of(board.id, list.id, card.id, me.id));
        return card;
    }

    /** Applies the change and records one updateCard action whose data.old holds the previous values. */
    Card updateCard(Card card, CardChange change) {
        ObjectNode old = TrelloJson.object();
        ObjectNode cardRef = card.ref();
        TrelloList listBefore = card.list;
        if (change.idList() != null && !change.idList().equals(card.list.id)) {
            TrelloList target = lists.get(change.idList());
            if (!TrelloIds.isObjectId(change.idList()) || target == null) {
                throw TrelloError.invalidValue("idList");
            }
            if (target.board != card.board) {
                moveToBoard(card, target, old, cardRef);
            }
            old.put("idList", card.list.id);
            cardRef.put("idList", target.id);
            card.list = target;
            if (change.pos() == null) {
                double pos = position("bottom", openPositions(target, card));
                putPosChange(old, cardRef, card.pos, pos);
                card.pos = pos;
            }
        }
        if (change.pos() != null) {
            double pos = position(change.pos(), openPositions(card.list, card));
            if (pos != card.pos) {
                putPosChange(old, cardRef, card.pos, pos);
                card.pos = pos;
            }
        }
        if (change.name() != null && !change.name().equals(card.name)) {
            if (change.name().isEmpty() || change.name().length() > 16384) {
                throw TrelloError.invalidValue("name");
            }
            old.put("name", card.name);
            cardRef.put("name", change.name());
            card.name = change.name();
        }
        if (change.desc() != null && !change.desc().equals(card.desc)) {
            if (change.desc().length() > 16384) {
                throw TrelloError.invalidValue("desc");
            }
            old.put("desc", card.desc);
            cardRef.put("desc", change.desc());
            card.desc = change.desc();
        }
        if (change.closed() != null && change.closed() != card.closed) {
            if (!change.closed() && card.board.openCards() >= config.openCardsPerBoard()) {
                throw openCardLimitReached(card.board);
            }
            old.put("closed", card.closed);
            cardRef.put("closed", change.closed());
            card.closed = change.closed();
        }
        if (change.due() != null) {
            String due = dateParam("due", change.due());
            if (!Objects.equals(due, card.due)) {
                old.put("due", card.due);
                cardRef.put("due", due);
                card.due = due;
            }
        }
        if (change.start() != null) {
            String start = dateParam("start", change.start());
            if (!Objects.equals(start, card.start)) {
                old.put("start", card.start);
                cardRef.put("start", start);
                card.start = start;
            }
        }
        if (change.dueComplete() != null && change.dueComplete() != card.dueComplete) {
            old.put("dueComplete", card.dueComplete);
            cardRef.put("dueComplete", change.dueComplete());
            card.dueComplete = change.dueComplete();
        }
        if (change.idMembers() != null) {
            List<String> members = members(change.idMembers());
            if (!members.equals(card.idMembers)) {
                card.idMembers.forEach(old.putArray("idMembers")::add);
                card.idMembers.clear();
                card.idMembers.addAll(members);
            }
        }
        if (old.isEmpty()) {
            return card;
        }
        Instant now = clock.instant();
        card.dateLastActivity = now;
        card.board.dateLastActivity = now;
        ObjectNode data = TrelloJson.object();
        data.set("card", cardRef);
        data.set("old", old);
        data.set("board", card.board.ref());
        Set<String> models = new LinkedHashSet<>(List.of(card.board.id, card.id, card.list.id, me.id));
        if (listBefore != card.list) {
            data.set("listBefore", listBefore.ref());
            data.set("listAfter", card.list.ref());
            models.add(listBefore.id);
        } else {
            data.set("list", card.list.ref());
        }
        record(card.board, "updateCard", data, models);
        return card;
    }

    void deleteCard(Card card) {
        Board board = card.board;
        board.cards.remove(card);
        cards.remove(card.id);
        shortLinks.remove(card.shortLink);
        board.dateLastActivity = clock.instant();
        ObjectNode data = TrelloJson.object();
        data.putObject("card").put("id", card.id).put("idShort", card.idShort).put("shortLink", card.shortLink);
        data.set("list", card.list.ref());
        data.set("board", board.ref());
        record(board, "deleteCard", data, Set.of(board.id, card.list.id, card.id, me.id));
    }

    private void moveToBoard(Card card, TrelloList target, ObjectNode old, ObjectNode cardRef) {
        if (!card.closed && target.board.openCards() >= config.openCardsPerBoard()) {
            throw openCardLimitReached(target.board);
        }
        card.board.cards.remove(card);
        old.put("idBoard", card.board.id);
        cardRef.put("idBoard", target.board.id);
        card.board = target.board;
        target.board.cards.add(card);
    }

    private List<Double> openPositions(TrelloList list, Card except) {
        return list.board.cards.stream().filter(c -> c.list == list && !c.closed && c != except).map(c -> c.pos).toList();
    }

    private List<String> members(List<String> requested) {
        for (String id : requested) {
            if (!id.equals(me.id)) {
                throw TrelloError.invalidValue("idMembers");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    /** "top", "bottom" or a non-negative number, placed among the positions already taken. */
    private static double position(String pos, List<Double> taken) {
        String p = pos == null ? "bottom" : pos;
        if (p.equals("bottom")) {
            return taken.stream().mapToDouble(Double::doubleValue).max().orElse(FIRST_POS - POS_STEP) + POS_STEP;
        }
        if (p.equals("top")) {
            return taken.stream().mapToDouble(Double::doubleValue).min().orElse(FIRST_POS * 2) / 2;
        }
        try {
            double value = Double.parseDouble(p);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to Trello's answer
        }
        throw TrelloError.invalidValue("pos");
    }

    /** A due/start value as Trello stores it; "" or "null" clears it. */
    private static String dateParam(String name, String value) {
        if (value.isEmpty() || value.equals("null")) {
            return null;
        }
        try {
            return IsoTimes.format(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return IsoTimes.format(Instant.parse(value));
            } catch (DateTimeParseException again) {
                throw TrelloError.invalidValue(name);
            }
        }
    }

    private TrelloError openCardLimitReached(Board board) {
        // UNCONFIRMED wording and status: Trello documents the limit, not the error body.
        return TrelloError.json(403, "LIMIT_EXCEEDED", "Board " + board.id + " has reached the limit of "
                + config.openCardsPerBoard() + " open cards (limits.cards.openPerBoard)");
    }

    // ---- custom fields

    CustomField createCustomField(Board board, String name, String type, String pos, boolean cardFront,
                                  List<String> options) {
        if (name == null || name.isEmpty()) {
            throw TrelloError.invalidValue("name");
        }
        if (!CustomField.TYPES.contains(type)) {
            throw TrelloError.invalidValue("type");
        }
        List<Double> taken = board.customFields.stream().map(f -> f.pos).toList();
        CustomField field = new CustomField(ids.next(), board, ids.hex64(), name, type, position(pos, taken), cardFront);
        if (type.equals("list")) {
            double optionPos = 0;
            for (String text : options) {
                optionPos += 1024;
                field.options.add(new CustomField.Option(ids.next(), text, "none", optionPos));
            }
        }
        board.customFields.add(field);
        customFields.put(field.id, field);
        ObjectNode data = TrelloJson.object();
        data.putObject("customField").put("id", field.id).put("name", name).put("type", type);
        data.set("board", board.ref());
        record(board, "createCustomField", data, Set.of(board.id, me.id));
        return field;
    }

    /**
     * Sets (or, with an empty value, clears) a card's custom field value and records updateCustomFieldItem.
     * {@code value} is the API's value object ({"text": "…"}); {@code idValue} the option of a list field.
     */
    CustomFieldItem setCustomFieldItem(Card card, CustomField field, JsonNode value, String idValue) {
        if (field.board != card.board) {
            throw TrelloError.invalidValue("idCustomField");
        }
        CustomFieldItem item = card.customFieldItems.get(field.id);
        ObjectNode oldValue = item == null || item.value == null ? null : item.value.deepCopy();
        String oldIdValue = item == null ? null : item.idValue;
        boolean clear = (value == null || value.isEmpty() || value.isTextual()) && (idValue == null || idValue.isEmpty());
        if (item == null) {
            item = new CustomFieldItem(ids.next(), field, card);
        }
        if (clear) {
            card.customFieldItems.remove(field.id);
            item.value = null;
            item.idValue = null;
        } else if (field.type.equals("list")) {
            if (idValue == null || field.options.stream().noneMatch(o -> o.id().equals(idValue))) {
                throw TrelloError.text(400, "Invalid custom field item value.");
            }
            item.idValue = idValue;
            card.customFieldItems.put(field.id, item);
        } else {
            item.value = typedValue(field, value);
            card.customFieldItems.put(field.id, item);
        }
        Instant now = clock.instant();
        card.dateLastActivity = now;
        card.board.dateLastActivity = now;
        ObjectNode data = TrelloJson.object();
        data.putObject("customField").put("id", field.id).put("name", field.name).put("type", field.type);
        ObjectNode itemData = data.putObject("customFieldItem").put("id", item.id);
        itemData.set("value", item.value);
        itemData.put("idCustomField", field.id).put("idModel", card.id).put("modelType", "card");
        ObjectNode old = data.putObject("old");
        old.set("value", oldValue);
        if (oldIdValue != null) {
            old.put("idValue", oldIdValue);
        }
        data.set("card", card.ref());
        data.set("board", card.board.ref());
        record(card.board, "updateCustomFieldItem", data, Set.of(card.board.id, card.id, me.id));
        return item;
    }

    /** Checks the value fits the field's type; Trello stores it as a string under the type's key. */
    private static ObjectNode typedValue(CustomField field, JsonNode value) {
        String key = switch (field.type) {
            case "checkbox" -> "checked";
            default -> field.type;
        };
        JsonNode raw = value == null ? null : value.get(key);
        if (raw == null || raw.isNull() || value.size() != 1) {
            throw TrelloError.text(400, "Invalid custom field item value.");
        }
        String text = raw.asText();
        boolean ok = switch (field.type) {
            case "number" -> text.matches("-?\\d+(\\.\\d+)?");
            case "checkbox" -> text.equals("true") || text.equals("false");
            case "date" -> text.matches("\\d{4}-\\d{2}-\\d{2}T.*");
            default -> true;
        };
        if (!ok) {
            throw TrelloError.text(400, "Invalid custom field item value.");
        }
        return TrelloJson.object().put(key, text);
    }

    // ---- webhooks

    TrelloWebhook createWebhook(String token, String idModel, String callbackURL, String description, boolean active) {
        for (TrelloWebhook w : webhooks.values()) {
            if (w.token.equals(token) && w.idModel.equals(idModel) && w.callbackURL.equals(callbackURL)) {
                throw TrelloError.text(400, "A webhook with that callback, model, and token already exists");
            }
        }
        TrelloWebhook webhook = new TrelloWebhook(ids.next(), token, idModel, callbackURL, description, active);
        webhooks.put(webhook.id, webhook);
        return webhook;
    }

    void deleteWebhook(String id) {
        webhooks.remove(id);
    }

    /** True when an id names a model a webhook can watch (board, list, card or member). */
    boolean isModel(String id) {
        return boards.containsKey(id) || lists.containsKey(id) || cards.containsKey(id) || me.id.equals(id);
    }

    /** The current JSON of a watched model, as webhook deliveries carry it. */
    ObjectNode modelJson(String id) {
        if (boards.containsKey(id)) {
            return boards.get(id).json(config);
        }
        if (lists.containsKey(id)) {
            return lists.get(id).json();
        }
        if (cards.containsKey(id)) {
            return cards.get(id).json();
        }
        return me.json(boards.keySet().stream().toList());
    }

    // ---- actions

    private void record(Board board, String type, ObjectNode data, Set<String> models) {
        Action action = new Action(ids.next(), ++actionCount, type, clock.instant(), data, me, models);
        board.actions.add(action);
        actionListener.accept(action);
    }

    /** Creates cards quickly for benchmarks: "Lead 1".."Lead n" at the bottom of the list. */
    List<Card> generateCards(TrelloList list, int count, String namePrefix) {
        List<Card> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(createCard(list, namePrefix + " " + i, "", "bottom", CardChange.none()));
        }
        return out;
    }

    Instant now() {
        return clock.instant();
    }

    private static void putPosChange(ObjectNode old, ObjectNode cardRef, double before, double after) {
        Card.putPos(old, before);
        Card.putPos(cardRef, after);
    }
}
