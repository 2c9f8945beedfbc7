package io.leadsync.trello;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.leadsync.http.ApiException;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.time.IsoTimes;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Trello board as a work tracker: lists are buckets (given by name, resolved at start-up), cards are items.
 * Changes are found through the board's actions since the last one seen; the board's open cards are read
 * in full for reconciliation or when the action window overflows. Those reads are routes
 * (routes/trello-reads.camel.yaml); the steps here make their requests and turn the answers into items.
 */
public final class TrelloTracker implements WorkTracker {

    private static final Logger LOG = LoggerFactory.getLogger(TrelloTracker.class);
    private static final String CARD_FIELDS = "fields=id,name,desc,idList,idBoard,closed,dateLastActivity";
    private static final int ACTION_WINDOW = 1000;
    private static final int FETCH_ONE_BY_ONE_UP_TO = 10;
    private static final int OPEN_CARDS_WARN_AT = 4500;
    /** The exchange variable with the newest action, read before the open cards. */
    static final String NEWEST_ACTION = "newestAction";
    /** Trello refuses a card name or description longer than this ("400 invalid value for desc"). */
    public static final int MAX_TEXT = 16_384;

    private final ApiCall api;
    private final String boardName;
    private String boardId;
    private final Map<String, String> listNameById = new LinkedHashMap<>();
    private final Map<String, String> listIdByName = new LinkedHashMap<>();
    private final TrelloFields fields;

    public TrelloTracker(ApiCall api, String boardName) {
        this.api = api;
        this.boardName = boardName;
        this.fields = new TrelloFields(api, boardName);
    }

    @Override
    public String name() {
        return "trello";
    }

    @Override
    public String describe() {
        return "Trello board '" + boardName + "'";
    }

    @Override
    public void connect(PairMapping pairMapping) {
        StatusMapping mapping = pairMapping.statuses();
        List<TrelloBodies.Board> boards;
        try {
            boards = api.get("/1/members/me/boards", "fields=name,closed", TrelloBodies.Boards.class).body();
        } catch (ApiException e) {
            throw new IllegalStateException(e.status() == 401
                    ? "Trello rejected the credentials (" + e.body().trim() + "): check TRELLO_KEY and TRELLO_TOKEN"
                    : e.status() == 0 ? "Cannot reach Trello: " + e.getMessage() + "; check leadsync.trello.url and "
                    + "the network" : "Cannot list Trello boards: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        for (TrelloBodies.Board b : boards) {
            if (!b.closed() && (boardName.equals(b.name()) || boardName.equals(b.id()))) {
                boardId = b.id();
            }
            names.add(b.name());
        }
        if (boardId == null) {
            throw new IllegalStateException("Trello board '" + boardName + "' not found (or archived) for this token; "
                    + "your boards: " + String.join(", ", names) + ". Set leadsync.trello.board.");
        }
        loadLists();
        for (String list : mapping.bucketsInUse()) {
            if (!listIdByName.containsKey(list)) {
                throw new IllegalStateException("list '" + list + "' in the trello mapping does not exist on board '"
                        + boardName + "'; it has: " + String.join(", ", listIdByName.keySet())
                        + ". Fix the mapping in routes/ or create the list.");
            }
        }
        fields.connect(boardId, pairMapping);
    }

    /** The board's id, known once {@link #connect} found the board (null before): what its webhook watches. */
    public String boardId() {
        return boardId;
    }

    /** The mapped fields beyond name and description, as the board has them. */
    TrelloFields fields() {
        return fields;
    }

    /** The card fields a read asks for: the ones leadsync always reads, and the mapped ones. */
    private String cardQuery() {
        return fields.cardQuery(CARD_FIELDS);
    }

    private void loadLists() {
        listNameById.clear();
        listIdByName.clear();
        for (TrelloBodies.BoardList l : api.get("/1/boards/" + boardId + "/lists", "fields=name,closed&filter=open",
                TrelloBodies.BoardLists.class).body()) {
            listNameById.put(l.id(), l.name());
            listIdByName.putIfAbsent(l.name(), l.id());
        }
    }


    /** GET /1/boards/{id}/actions?limit=1: the newest action, where the next incremental read starts. */
    public void newestActionRequest(Exchange exchange) {
        ApiCall.prepare(exchange, "GET", "/1/boards/" + boardId + "/actions", "limit=1&fields=id,date", null,
                Kind.READ, TrelloBodies.Actions.class);
    }

    /** GET /1/boards/{id}/cards: every open card. */
    public void openCardsRequest(Exchange exchange) {
        ApiCall.prepare(exchange, "GET", "/1/boards/" + boardId + "/cards", cardQuery(), null, Kind.READ,
                TrelloBodies.Cards.class);
    }

    /** Every open card, as a complete read; the next incremental read starts after the newest action. */
    public TrackerRead allItems(TrelloBodies.Cards cards, @Variable(NEWEST_ACTION) TrelloBodies.Actions newest) {
        List<TrackerItem> items = new ArrayList<>();
        for (TrelloBodies.Card c : cards) {
            items.add(toItem(c));
        }
        if (items.size() >= OPEN_CARDS_WARN_AT) {
            LOG.warn("Trello board '{}' has {} open cards; Trello refuses new cards at 5,000 per board. Archive old "
                    + "cards or map finished statuses to no card.", boardName, items.size());
        }
        return new TrackerRead(items, true, newest.isEmpty() ? null : newest.get(0).id());
    }

    /**
     * GET /1/boards/{id}/actions: the board's card actions since the cursor, at most {@value #ACTION_WINDOW}
     * (newest first); those that change a mapped field (a label, a member, a custom field) too.
     */
    public void actionsRequest(@ExchangeProperty(CURSOR) String cursor, Exchange exchange) {
        List<String> types = new ArrayList<>(List.of("createCard", "updateCard", "deleteCard", "moveCardFromBoard"));
        types.addAll(fields.actionTypes());
        ApiCall.prepare(exchange, "GET", "/1/boards/" + boardId + "/actions", "filter="
                + encode(String.join(",", types)) + "&since=" + cursor + "&limit="
                + ACTION_WINDOW + "&fields=id,type,date,data", null, Kind.READ, TrelloBodies.Actions.class);
    }

    /** True when the actions fill the window: older ones may be missing, and the whole board is read instead. */
    public static boolean windowFull(TrelloBodies.Actions actions) {
        return actions.size() >= ACTION_WINDOW;
    }

    /**
     * The items the actions since the cursor say changed. A card with a link is rebuilt from its shadow and
     * what its actions say (every updateCard carries the card's name and list after it, and the new value of
     * whatever it changed: desc, closed), so neither our own writes nor people's moves cost a read; only cards
     * no link names, and cards whose mapped fields an action changed (a label, a member, a custom field, the due
     * date: what an action says of those is not the card's whole value), are read (one by one up to
     * {@value #FETCH_ONE_BY_ONE_UP_TO}, else with the open cards). A card rebuilt from its actions leaves its
     * mapped fields out: not read.
     */
    public TrackerRead changes(TrelloBodies.Actions actions, @ExchangeProperty(CURSOR) String cursor,
                               @ExchangeProperty(LAST_SYNCED) Function<String, TrackerItem> lastSynced) {
        if (actions.isEmpty()) {
            return new TrackerRead(List.of(), false, cursor);
        }
        Map<String, TrackerItem> known = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> fieldsChanged = new LinkedHashSet<>();
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (int i = actions.size() - 1; i >= 0; i--) { // oldest first: later actions overwrite
            TrelloBodies.Action action = actions.get(i);
            TrelloBodies.Card card = action.data() == null ? null : action.data().card();
            String cardId = card == null ? null : card.id();
            if (cardId == null) {
                continue;
            }
            String type = action.type();
            long when = IsoTimes.epochMillis(action.date());
            if ("deleteCard".equals(type) || "moveCardFromBoard".equals(type)) {
                deleted.put(cardId, when);
                continue;
            }
            deleted.remove(cardId); // moved back, or a later action proves it is there
            if (fields.changesField(action)) {
                fieldsChanged.add(cardId);
            }
            TrackerItem base = known.containsKey(cardId) ? known.get(cardId) : lastSynced.apply(cardId);
            if (base == null) {
                unknown.add(cardId);
            } else {
                known.put(cardId, applyAction(base, action.data(), when));
            }
        }
        String newest = actions.get(0).id();
        fieldsChanged.forEach(known::remove);
        unknown.addAll(fieldsChanged);
        List<TrackerItem> items = new ArrayList<>();
        deleted.forEach((id, when) -> items.add(gone(id, when)));
        known.forEach((id, item) -> {
            if (!deleted.containsKey(id)) {
                items.add(item);
            }
        });
        unknown.removeAll(deleted.keySet());
        unknown.removeAll(known.keySet());
        if (unknown.size() <= FETCH_ONE_BY_ONE_UP_TO) {
            unknown.forEach(id -> items.add(fetch(id)));
        } else {
            Map<String, TrackerItem> open = new LinkedHashMap<>();
            for (TrelloBodies.Card c : cards("/1/boards/" + boardId + "/cards")) {
                open.put(c.id(), toItem(c));
            }
            unknown.forEach(id -> items.add(open.containsKey(id) ? open.get(id) : fetch(id)));
        }
        return new TrackerRead(items, false, newest);
    }

    @Override
    public List<TrackerItem> archived() {
        List<TrackerItem> items = new ArrayList<>();
        for (TrelloBodies.Card c : cards("/1/boards/" + boardId + "/cards/closed")) {
            items.add(toItem(c));
        }
        return items;
    }

    private List<TrelloBodies.Card> cards(String path) {
        return api.get(path, cardQuery(), TrelloBodies.Cards.class).body();
    }

    /** The card after one createCard/updateCard action: its name and list as the action names them, plus any new desc or closed. */
    private TrackerItem applyAction(TrackerItem before, TrelloBodies.ActionData data, long when) {
        TrelloBodies.Card card = data.card();
        String listId = data.listAfter() != null && data.listAfter().id() != null ? data.listAfter().id()
                : data.list() != null && data.list().id() != null ? data.list().id() : card.idList();
        String bucket = before.bucket();
        if (listId != null) {
            bucket = listNameById.get(listId);
            if (bucket == null) {
                loadLists(); // a list created since start-up
                bucket = listNameById.getOrDefault(listId, listId);
            }
        }
        boolean closed = card.closed() != null ? card.closed() : before.closed();
        String name = card.name() != null ? card.name() : before.name();
        String desc = card.desc() != null ? card.desc() : before.description();
        return new TrackerItem(before.id(), name, desc, bucket, closed, false, Math.max(when, before.modifiedAt()),
                before.recordId(), before.createdAt());
    }

    @Override
    public TrackerItem fetch(String cardId) {
        try {
            TrelloBodies.Card card = api.get("/1/cards/" + cardId, cardQuery(), TrelloBodies.Card.class).body();
            return boardId.equals(card.idBoard()) ? toItem(card)
                    : gone(cardId, IsoTimes.epochMillis(card.dateLastActivity()));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return gone(cardId, System.currentTimeMillis());
            }
            throw e;
        }
    }

    private static TrackerItem gone(String cardId, long when) {
        return new TrackerItem(cardId, null, null, null, true, true, when, null);
    }

    /** The id of a list of the board, by name (resolved at start-up). */
    String listId(String name) {
        String id = listIdByName.get(name);
        if (id == null) {
            throw new IllegalStateException("Trello list '" + name + "' does not exist on board '" + boardName + "'");
        }
        return id;
    }

    /** A card as leadsync sees it: its list by name, the record id from its marker, its mapped fields. */
    TrackerItem toItem(TrelloBodies.Card card) {
        String idList = card.idList();
        String list = listNameById.get(idList);
        if (list == null) {
            loadLists(); // a list created since start-up
            list = listNameById.getOrDefault(idList, idList);
        }
        String desc = card.desc() == null ? "" : card.desc();
        return new TrackerItem(card.id(), card.name() == null ? "" : card.name(), desc, list,
                Boolean.TRUE.equals(card.closed()), false, IsoTimes.epochMillis(card.dateLastActivity()),
                ItemTemplate.recordIdIn(desc), createdAt(card.id()), fields.read(card));
    }

    /** A card id is a MongoDB ObjectId: its first 8 hex digits are the creation time in seconds. */
    private static long createdAt(String cardId) {
        try {
            return Long.parseLong(cardId.substring(0, 8), 16) * 1000;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
