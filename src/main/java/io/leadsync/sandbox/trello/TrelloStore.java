package io.leadsync.sandbox.trello;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import java.util.function.Supplier;
import java.util.function.Function;

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

    /** The sandbox member's teammates on the seeded board: username, full name. */
    private static final List<List<String>> SEEDED_TEAM = List.of(List.of("alice", "Alice Martin"),
            List.of("bob", "Bob Chen"), List.of("carol", "Carol Diaz"));
    /** The seeded board's labels, named after the seeded leads' sources: name, colour. */
    private static final List<List<String>> SEEDED_LABELS = List.of(List.of("Website", "green"),
            List.of("Referral", "blue"), List.of("Trade show", "orange"), List.of("Cold call", "purple"),
            List.of("Hot", "red"));
    /** Mixed into the seed for the ids of seeded labels and teammates (see {@link #seed()}). */
    private static final long TEAM_SEED_SALT = 0x7465616d6c61626cL;

    private final Clock clock;
    private final long seed;
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
    private final Map<String, Label> labels = new HashMap<>();
    /** Every known member, the sandbox member first. */
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, TrelloWebhook> webhooks = new LinkedHashMap<>();
    private long actionCount;
    private Consumer<Action> actionListener = a -> { };
    /** Who makes the changes now: the sandbox member (the token's, over HTTP) unless a person acts. */
    private Member actor;

    TrelloStore(Clock clock, long seed, TrelloConfig config) {
        this.clock = clock;
        this.seed = seed;
        this.ids = new TrelloIds(seed, clock);
        this.config = config;
        this.me = new Member(ids.next(), "sandbox", "Sandbox User");
        members.put(me.id, me);
        this.idOrganization = ids.next();
    }

    /**
     * The sandbox's starting point: board "Work Tracker" with lists TODO and DONE (and the custom field), three
     * teammates on it and five labels. The teammates and labels are part of the starting board (no actions) and
     * take their ids from a stream of their own, so the ids handed out after the seed are the same as before
     * they existed.
     */
    void seed() {
        Board board = createBoard("Work Tracker");
        createList(board, "TODO", "bottom");
        createList(board, "DONE", "bottom");
        if (config.seedCustomField()) {
            createCustomField(board, "Airtable Record", "text", "bottom", true, List.of());
        }
        TrelloIds teamIds = new TrelloIds(seed ^ TEAM_SEED_SALT, clock);
        for (List<String> person : SEEDED_TEAM) {
            Member member = new Member(teamIds.next(), person.get(0), person.get(1));
            members.put(member.id, member);
            board.idMembers.add(member.id);
        }
        for (List<String> label : SEEDED_LABELS) {
            addLabelToBoard(new Label(teamIds.next(), board, label.get(0), label.get(1)));
        }
    }

    /** Replaces everything (loading saved data; the webhooks come after, by {@link #restoreWebhook}). */
    void replace(Member member, List<Member> teammates, String organization, List<Board> loaded, long actions) {
        me = member;
        idOrganization = organization;
        actionCount = actions;
        boards.clear();
        lists.clear();
        cards.clear();
        shortLinks.clear();
        customFields.clear();
        labels.clear();
        members.clear();
        webhooks.clear();
        members.put(me.id, me);
        teammates.forEach(m -> members.put(m.id, m));
        for (Board board : loaded) {
            boards.put(board.id, board);
            shortLinks.put(board.shortLink, board.id);
            board.lists.forEach(l -> lists.put(l.id, l));
            board.customFields.forEach(f -> customFields.put(f.id, f));
            board.labels.forEach(l -> labels.put(l.id, l));
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

    Label label(String id) {
        return find(labels, id, false);
    }

    /** A known member by id or username, or null. */
    Member member(String idOrUsername) {
        Member byId = members.get(idOrUsername.toLowerCase());
        return byId != null ? byId
                : members.values().stream().filter(m -> m.username.equals(idOrUsername)).findFirst().orElse(null);
    }

    /** The members of a board, in the order they joined it. */
    List<Member> membersOf(Board board) {
        return board.idMembers.stream().map(members::get).toList();
    }

    /** Every member but the sandbox's own (saved with the data). */
    List<Member> teammates() {
        return members.values().stream().filter(m -> m != me).toList();
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
        board.idMembers.add(me.id);
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
        List<Member> cardMembers = extra.idMembers() == null ? List.of()
                : each(extra.idMembers(), id -> boardMember(board, id, "idMembers"));
        List<Label> cardLabels = extra.idLabels() == null ? List.of()
                : each(extra.idLabels(), id -> boardLabel(board, id, "idLabels"));
        Instant now = clock.instant();
        Card card = new Card(ids.next(), ids.shortLink(), ++board.lastIdShort, list, name == null ? "" : name,
                position(pos, openPositions(list, null)), now);
        card.desc = desc == null ? "" : desc;
        card.due = extra.due() == null ? null : dateParam("due", extra.due());
        card.start = extra.start() == null ? null : dateParam("start", extra.start());
        card.dueComplete = Boolean.TRUE.equals(extra.dueComplete());
        board.cards.add(card);
        cards.put(card.id, card);
        shortLinks.put(card.shortLink, card.id);
        board.dateLastActivity = now;
        ObjectNode data = TrelloJson.object();
        data.set("card", card.ref());
        data.set("list", list.ref());
        data.set("board", board.ref());
        record(board, "createCard", data, Set.of(board.id, list.id, card.id, me.id));
        // A card created with labels records addLabelToCard for each (trello-archive/api-docs#47, fixed by Trello
        // in 2018); members likewise addMemberToCard (UNCONFIRMED, by analogy).
        cardLabels.forEach(l -> addLabel(card, l));
        cardMembers.forEach(m -> addMember(card, m));
        return card;
    }

    /**
     * Applies the change and records one updateCard action whose data.old holds the previous values; members and
     * labels added or removed are recorded as Trello records them, one addMemberToCard / removeMemberFromCard /
     * addLabelToCard / removeLabelFromCard action each.
     */
    Card updateCard(Card card, CardChange change) {
        List<Member> membersAfter = change.idMembers() == null ? null
                : each(change.idMembers(), id -> boardMember(card.board, id, "idMembers"));
        List<Label> labelsAfter = change.idLabels() == null ? null
                : each(change.idLabels(), id -> boardLabel(card.board, id, "idLabels"));
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
        if (!old.isEmpty()) {
            recordUpdate(card, old, cardRef, listBefore);
        }
        if (membersAfter != null) {
            card.idMembers.stream().map(members::get).filter(m -> !membersAfter.contains(m)).toList()
                    .forEach(m -> removeMember(card, m));
            membersAfter.stream().filter(m -> !card.idMembers.contains(m.id)).forEach(m -> addMember(card, m));
        }
        if (labelsAfter != null) {
            card.idLabels.stream().map(labels::get).filter(l -> !labelsAfter.contains(l)).toList()
                    .forEach(l -> removeLabel(card, l));
            labelsAfter.stream().filter(l -> !card.idLabels.contains(l.id)).forEach(l -> addLabel(card, l));
        }
        return card;
    }

    private void recordUpdate(Card card, ObjectNode old, ObjectNode cardRef, TrelloList listBefore) {
        ObjectNode data = TrelloJson.object();
        data.set("card", cardRef);
        data.set("old", old);
        data.set("board", card.board.ref());
        if (listBefore != card.list) {
            data.set("listBefore", listBefore.ref());
            data.set("listAfter", card.list.ref());
        } else {
            data.set("list", card.list.ref());
        }
        recordCardChange(card, "updateCard", data, heardBy(card, card.list.id, listBefore.id));
    }

    // ---- card members and labels

    /** Adds a board member to the card (400 "member is already on the card"); records addMemberToCard. */
    void addMember(Card card, Member member) {
        if (card.idMembers.contains(member.id)) {
            throw TrelloError.text(400, "member is already on the card");
        }
        card.idMembers.add(member.id);
        ObjectNode data = cardData(card);
        data.put("idMember", member.id);
        data.set("member", member.ref());
        recordCardChange(card, "addMemberToCard", data, heardBy(card, member.id));
    }

    void removeMember(Card card, Member member) {
        if (!card.idMembers.remove(member.id)) {
            throw TrelloError.text(400, "member is not on the card");
        }
        ObjectNode data = cardData(card);
        data.put("idMember", member.id);
        data.set("member", member.ref());
        data.put("deactivated", false);
        recordCardChange(card, "removeMemberFromCard", data, heardBy(card, member.id));
    }

    /** Adds one of the board's labels to the card (400 "that label is already on the card"); records addLabelToCard. */
    void addLabel(Card card, Label label) {
        if (card.idLabels.contains(label.id)) {
            throw TrelloError.text(400, "that label is already on the card");
        }
        card.idLabels.add(label.id);
        recordCardChange(card, "addLabelToCard", labelData(card, label), labelHeardBy(card));
    }

    void removeLabel(Card card, Label label) {
        if (!card.idLabels.remove(label.id)) {
            // UNCONFIRMED wording: by analogy with "that label is already on the card" and "member is not on the card"
            throw TrelloError.text(400, "that label is not on the card");
        }
        recordCardChange(card, "removeLabelFromCard", labelData(card, label), labelHeardBy(card));
    }

    private ObjectNode cardData(Card card) {
        ObjectNode data = TrelloJson.object();
        data.set("card", card.ref());
        data.set("board", card.board.ref());
        return data;
    }

    /** data of add/removeLabelToCard: the label, and its name and colour as {@code text} and {@code value}. */
    private ObjectNode labelData(Card card, Label label) {
        ObjectNode data = cardData(card);
        data.set("label", label.ref());
        data.put("text", label.name).put("value", label.color);
        return data;
    }

    /** Records a change to the card, heard by the given models' webhooks; moves the card's and board's dateLastActivity. */
    private void recordCardChange(Card card, String type, ObjectNode data, Set<String> heardBy) {
        Instant now = clock.instant();
        card.dateLastActivity = now;
        card.board.dateLastActivity = now;
        record(card.board, type, data, heardBy);
    }

    /** The card's board, the card, the sandbox member and the other models the action's data names. */
    private Set<String> heardBy(Card card, String... alsoNamed) {
        Set<String> models = new LinkedHashSet<>(List.of(card.board.id, card.id, me.id));
        models.addAll(List.of(alsoNamed));
        return models;
    }

    /**
     * Label actions reach the board's webhooks but not the card's (trello-archive/api-docs#154: "Add Label to
     * card does not fire webhook on that card"; "you can get the addLabelToCard when you use your board").
     */
    private Set<String> labelHeardBy(Card card) {
        return Set.of(card.board.id, me.id);
    }

    /** Each distinct id looked up by {@code one}, in the order given. */
    private static <T> List<T> each(List<String> ids, Function<String, T> one) {
        return new LinkedHashSet<>(ids).stream().map(one).toList();
    }

    /**
     * One board member by id. A well-formed id of someone not on the board is answered with Trello's JSON
     * {"message":"Invalid objectId","error":"ERROR"} (api-contracts 2.6; trello-dotnet#29, a card update naming a
     * member not on the board).
     */
    Member boardMember(Board board, String id, String param) {
        if (!TrelloIds.isObjectId(id)) {
            throw TrelloError.invalidValue(param);
        }
        String key = id.toLowerCase();
        if (!board.idMembers.contains(key)) {
            throw TrelloError.json(400, "ERROR", "Invalid objectId");
        }
        return members.get(key);
    }

    /** One of the board's labels by id; any id that is not one of them is "invalid value for {param}". */
    Label boardLabel(Board board, String id, String param) {
        Label label = TrelloIds.isObjectId(id) ? board.label(id.toLowerCase()) : null;
        if (label == null) {
            throw TrelloError.invalidValue(param);
        }
        return label;
    }

    // ---- labels

    /** A new label on the board; {@code color} null for none. Records createLabel. */
    Label createLabel(Board board, String name, String color) {
        Label label = new Label(ids.next(), board, labelName(name), labelColor(color));
        addLabelToBoard(label);
        ObjectNode data = TrelloJson.object();
        data.set("label", label.ref());
        data.set("board", board.ref());
        record(board, "createLabel", data, Set.of(board.id, me.id));
        return label;
    }

    private void addLabelToBoard(Label label) {
        label.board.labels.add(label);
        labels.put(label.id, label);
    }

    /** Renames and/or recolours (null: leave as is); records updateLabel with data.old. */
    Label updateLabel(Label label, String name, String color) {
        String newName = name == null ? label.name : labelName(name);
        String newColor = color == null ? label.color : labelColor(color);
        ObjectNode old = TrelloJson.object();
        if (!newName.equals(label.name)) {
            old.put("name", label.name);
            label.name = newName;
        }
        if (!Objects.equals(newColor, label.color)) {
            old.put("color", label.color);
            label.color = newColor;
        }
        if (!old.isEmpty()) {
            ObjectNode data = TrelloJson.object();
            data.set("label", label.ref());
            data.set("old", old);
            data.set("board", label.board.ref());
            record(label.board, "updateLabel", data, Set.of(label.board.id, me.id));
        }
        return label;
    }

    /** Deletes the label from the board and every card carrying it; records deleteLabel. */
    void deleteLabel(Label label) {
        Board board = label.board;
        board.labels.remove(label);
        labels.remove(label.id);
        board.cards.forEach(c -> c.idLabels.remove(label.id));
        board.dateLastActivity = clock.instant();
        ObjectNode data = TrelloJson.object();
        data.putObject("label").put("id", label.id);
        data.set("board", board.ref());
        record(board, "deleteLabel", data, Set.of(board.id, me.id));
    }

    private static String labelName(String name) {
        if (name == null || name.length() > 16384) {
            throw TrelloError.invalidValue("name");
        }
        return name;
    }

    /** A label colour, or null for "null" / "" (no colour). */
    private static String labelColor(String color) {
        if (color == null) {
            throw TrelloError.invalidValue("color");
        }
        if (color.isEmpty() || color.equals("null")) {
            return null;
        }
        if (!Label.isColor(color)) {
            throw TrelloError.invalidValue("color");
        }
        return color;
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
        // labels belong to a board; members who are not on the new board leave the card
        card.idLabels.clear();
        card.idMembers.retainAll(target.board.idMembers);
        old.put("idBoard", card.board.id);
        cardRef.put("idBoard", target.board.id);
        card.board = target.board;
        target.board.cards.add(card);
    }

    private List<Double> openPositions(TrelloList list, Card except) {
        return list.board.cards.stream().filter(c -> c.list == list && !c.closed && c != except).map(c -> c.pos).toList();
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

    /** A due/start value as Trello stores it (ISO-8601 in UTC with milliseconds); "" or "null" clears it. */
    private static String dateParam(String name, String value) {
        if (value.isEmpty() || value.equals("null")) {
            return null;
        }
        Instant instant = isoInstant(value);
        if (instant == null) {
            throw TrelloError.invalidValue(name);
        }
        return IsoTimes.format(instant);
    }

    /** An ISO-8601 date-time (with offset or Z) or a bare date (midnight UTC), else null. */
    private static Instant isoInstant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
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
     * PUT /1/cards/{idCard}/customField/{idCustomField}/item: sets or clears a card's value and records
     * updateCustomFieldItem. Text, number, date and checkbox fields take {"value":{"text"|"number"|"date"|"checked":
     * …}} and clear with {"value":{}} or {"value":""}; list fields take {"idValue": optionId} and clear with
     * {"idValue":""}; a value object on a list field is refused (a live 400, see api-contracts 2.3). A body naming
     * neither changes nothing and answers null (Trello answers 200).
     */
    CustomFieldItem setCustomFieldItem(Card card, CustomField field, JsonNode body) {
        if (field.board != card.board) {
            throw TrelloError.invalidValue("idCustomField");
        }
        JsonNode value = body.get("value");
        JsonNode idValue = body.get("idValue");
        if (value == null && idValue == null) {
            return null;
        }
        String option = null;
        ObjectNode typed = null;
        if (field.type.equals("list")) {
            if (value != null) {
                throw invalidItemValue();
            }
            String id = idValue.isNull() ? "" : idValue.asText();
            if (!id.isEmpty() && field.options.stream().noneMatch(o -> o.id().equals(id))) {
                throw invalidItemValue();
            }
            option = id.isEmpty() ? null : id;
        } else {
            if (idValue != null || value == null) {
                throw invalidItemValue();
            }
            boolean empty = value.isNull() || value.isTextual() && value.asText().isEmpty()
                    || value.isObject() && value.isEmpty();
            typed = empty ? null : typedValue(field, value);
        }
        CustomFieldItem item = card.customFieldItems.get(field.id);
        ObjectNode oldValue = item == null || item.value == null ? null : item.value.deepCopy();
        String oldIdValue = item == null ? null : item.idValue;
        if (item == null) {
            item = new CustomFieldItem(ids.next(), field, card);
        }
        item.value = typed;
        item.idValue = option;
        if (typed == null && option == null) {
            card.customFieldItems.remove(field.id);
        } else {
            card.customFieldItems.put(field.id, item);
        }
        ObjectNode data = TrelloJson.object();
        data.putObject("customField").put("id", field.id).put("name", field.name).put("type", field.type);
        ObjectNode itemData = data.putObject("customFieldItem").put("id", item.id);
        if (field.type.equals("list")) {
            itemData.put("idValue", item.idValue);
        } else {
            itemData.set("value", item.value);
        }
        itemData.put("idCustomField", field.id).put("idModel", card.id).put("modelType", "card");
        ObjectNode old = data.putObject("old");
        if (field.type.equals("list")) {
            old.put("idValue", oldIdValue);
        } else {
            old.set("value", oldValue);
        }
        data.set("card", card.ref());
        data.set("board", card.board.ref());
        recordCardChange(card, "updateCustomFieldItem", data, heardBy(card));
        return item;
    }

    private static TrelloError invalidItemValue() {
        return TrelloError.text(400, "Invalid custom field item value.");
    }

    /**
     * Checks the value fits the field's type and keeps it as Trello does, a string under the type's key: numbers as
     * given ("42", also from JSON 42), dates as ISO-8601 UTC with milliseconds, checkboxes "true"/"false".
     */
    private static ObjectNode typedValue(CustomField field, JsonNode value) {
        String key = field.type.equals("checkbox") ? "checked" : field.type;
        JsonNode raw = value.get(key);
        if (raw == null || !raw.isValueNode() || raw.isNull() || value.size() != 1) {
            throw invalidItemValue();
        }
        String text = raw.asText();
        String stored = switch (field.type) {
            case "number" -> text.matches("-?\\d+(\\.\\d+)?") ? text : null;
            case "checkbox" -> text.equals("true") || text.equals("false") ? text : null;
            case "date" -> {
                Instant instant = isoInstant(text);
                yield instant == null ? null : IsoTimes.format(instant);
            }
            default -> text;
        };
        if (stored == null) {
            throw invalidItemValue();
        }
        return TrelloJson.object().put(key, stored);
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

    /** A saved webhook back (loading saved data). */
    void restoreWebhook(TrelloWebhook webhook) {
        webhooks.put(webhook.id, webhook);
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

    /**
     * Runs {@code change} as a person of the workspace, not the token's member (a simulated person in Trello's UI):
     * its actions name the first teammate as their {@code idMemberCreator} (the sandbox member when there is none).
     */
    <T> T asPerson(Supplier<T> change) {
        actor = members.values().stream().filter(m -> m != me).findFirst().orElse(me);
        try {
            return change.get();
        } finally {
            actor = null;
        }
    }

    private void record(Board board, String type, ObjectNode data, Set<String> models) {
        Action action = new Action(ids.next(), ++actionCount, type, clock.instant(), data,
                actor == null ? me : actor, models);
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
