package io.leadsync.sandbox.trello;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.Request;
import io.leadsync.sandbox.Response;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SlidingWindowLimiter;

/**
 * Trello REST API v1 ({@code https://api.trello.com/1}) on loopback: members, boards, lists, cards, labels,
 * card members, due dates, actions, custom fields and webhooks, with Trello's auth, plain-text errors, rate
 * limits and headers.
 * Starts with the sandbox seed (see {@link TrelloStore#seed()}); {@link #control()} changes state directly.
 */
public class TrelloEmulator extends EmulatorServer {

    /** Nested actions on more cards than this fail with API_TOO_MANY_CARDS_REQUESTED. */
    static final int MAX_CARDS_WITH_ACTIONS = 1000;
    private static final int MAX_LIMIT = 1000;
    private static final Pattern OAUTH_KEY = Pattern.compile("oauth_consumer_key=\"([^\"]*)\"");
    private static final Pattern OAUTH_TOKEN = Pattern.compile("oauth_token=\"([^\"]*)\"");

    private record Credentials(String key, String token) {
    }

    private final TrelloConfig config;
    private final TrelloStore store;
    private final SlidingWindowLimiter tokenLimiter;
    private final SlidingWindowLimiter keyLimiter;
    private final WebhookDispatcher webhooks;
    private final TrelloControl control;

    public TrelloEmulator(Clock clock, long seed) {
        this(clock, seed, TrelloConfig.defaults());
    }

    public TrelloEmulator(Clock clock, long seed, TrelloConfig config) {
        super(clock);
        this.config = config;
        this.store = new TrelloStore(clock, seed, config);
        this.tokenLimiter = new SlidingWindowLimiter(config.tokenLimit(), config.rateWindow().toMillis(), 0);
        this.keyLimiter = new SlidingWindowLimiter(config.keyLimit(), config.rateWindow().toMillis(), 0);
        this.webhooks = new WebhookDispatcher(deliveries(), config.appSecret(), config.webhookRetryDelay());
        this.control = new TrelloControl(this, store);
        store.onAction(this::notifyWebhooks);
        store.seed();
        registerRoutes();
    }

    @Override
    public String name() {
        return "trello";
    }

    @Override
    protected JsonNode saveState() {
        return SavedTrello.save(store);
    }

    @Override
    protected void loadState(JsonNode saved) {
        SavedTrello.load(store, saved);
    }

    /** Direct access to the state for tests and simulated people; changes are recorded like API writes. */
    public TrelloControl control() {
        return control;
    }

    public TrelloConfig config() {
        return config;
    }

    private void registerRoutes() {
        on("GET", "/1/members/{id}", this::getMember);
        on("GET", "/1/members/{id}/boards", this::getMemberBoards);
        on("POST", "/1/boards", this::postBoard);
        on("GET", "/1/boards/{id}", this::getBoard);
        on("GET", "/1/boards/{id}/lists", this::getBoardLists);
        on("POST", "/1/boards/{id}/lists", r -> postList(r, store.board(r.pathParam("id"))));
        on("POST", "/1/lists", r -> postList(r, boardParam(Params.of(r))));
        on("GET", "/1/lists/{id}", r -> TrelloJson.select(store.list(r.pathParam("id")).json(),
                Params.of(r).list("fields", "all")));
        on("GET", "/1/lists/{id}/cards", this::getListCards);
        on("GET", "/1/boards/{id}/cards", r -> getBoardCards(r, "open"));
        on("GET", "/1/boards/{id}/cards/{filter}", r -> getBoardCards(r, r.pathParam("filter")));
        on("POST", "/1/cards", this::postCard);
        on("GET", "/1/cards/{id}", this::getCard);
        on("PUT", "/1/cards/{id}", this::putCard);
        on("DELETE", "/1/cards/{id}", this::deleteCard);
        on("GET", "/1/boards/{id}/actions", r -> actions(r, store.board(r.pathParam("id"))));
        on("GET", "/1/boards/{id}/members", r -> array(store.membersOf(store.board(r.pathParam("id"))), Member::boardJson));
        on("POST", "/1/cards/{id}/idMembers", this::postCardMember);
        on("DELETE", "/1/cards/{id}/idMembers/{idMember}", this::deleteCardMember);
        on("GET", "/1/boards/{id}/labels", this::getBoardLabels);
        on("POST", "/1/boards/{id}/labels", r -> postLabel(r, store.board(r.pathParam("id"))));
        on("POST", "/1/labels", r -> postLabel(r, boardParam(Params.of(r))));
        on("GET", "/1/labels/{id}", r -> TrelloJson.select(store.label(r.pathParam("id")).json(),
                Params.of(r).list("fields", "all")));
        on("PUT", "/1/labels/{id}", this::putLabel);
        on("DELETE", "/1/labels/{id}", this::deleteLabel);
        on("POST", "/1/cards/{id}/idLabels", this::postCardLabel);
        on("DELETE", "/1/cards/{id}/idLabels/{idLabel}", this::deleteCardLabel);
        on("GET", "/1/boards/{id}/customFields", r -> array(store.board(r.pathParam("id")).customFields,
                CustomField::json));
        on("POST", "/1/customFields", this::postCustomField);
        on("GET", "/1/customFields/{id}", r -> store.customField(r.pathParam("id")).json());
        on("PUT", "/1/cards/{idCard}/customField/{idCustomField}/item", this::putCustomFieldItem);
        on("GET", "/1/cards/{id}/customFieldItems", r -> store.card(r.pathParam("id")).customFieldItemsJson());
        on("POST", "/1/webhooks", r -> postWebhook(r, credentials(r).token()));
        on("POST", "/1/tokens/{token}/webhooks", r -> postWebhook(r, r.pathParam("token")));
        on("GET", "/1/tokens/{token}/webhooks", r -> array(store.webhooks().stream()
                .filter(w -> w.token.equals(r.pathParam("token"))).toList(), TrelloWebhook::json));
        on("GET", "/1/webhooks/{id}", r -> store.webhook(r.pathParam("id")).json());
        on("PUT", "/1/webhooks/{id}", this::putWebhook);
        on("DELETE", "/1/webhooks/{id}", this::deleteWebhook);
    }

    /** Registers a handler that returns JSON (or a Response); TrelloErrors become their answers. */
    private void on(String method, String template, Function<Request, Object> handler) {
        route(method, template, request -> {
            Response response;
            try {
                Object out = handler.apply(request);
                response = out instanceof Response r ? r : Response.json(200, out);
            } catch (TrelloError e) {
                response = e.response();
            }
            return withRateHeaders(request, response);
        });
    }

    // ---- members and boards

    private Object getMember(Request r) {
        Member member = member(r.pathParam("id"));
        return TrelloJson.select(member.json(boardsOf(member).stream().map(b -> b.id).toList()),
                Params.of(r).list("fields", "all"));
    }

    private Object getMemberBoards(Request r) {
        Member member = member(r.pathParam("id"));
        Params p = Params.of(r);
        String filter = p.get("filter", "all");
        List<String> fields = p.list("fields", "all");
        return array(boardsOf(member).stream().filter(b -> switch (filter) {
            case "open" -> !b.closed;
            case "closed" -> b.closed;
            case "all" -> true;
            default -> throw TrelloError.invalidValue("filter");
        }).toList(), b -> TrelloJson.select(b.json(config), fields));
    }

    /** "me", a member id or a username; 404 for one nobody has, "invalid id" for what cannot be either. */
    private Member member(String id) {
        if (id.equals("me")) {
            return store.me;
        }
        Member member = store.member(id);
        if (member == null) {
            throw TrelloIds.isObjectId(id) || id.matches("[a-z0-9_]{3,}") ? TrelloError.notFound() : TrelloError.invalidId();
        }
        return member;
    }

    /** The boards the member is on (the sandbox member is on every board it created). */
    private List<Board> boardsOf(Member member) {
        return store.boards().stream().filter(b -> b.idMembers.contains(member.id)).toList();
    }

    private Object postBoard(Request r) {
        Params p = Params.of(r);
        String name = p.get("name");
        if (name == null || name.isEmpty()) {
            throw TrelloError.invalidValue("name");
        }
        Board board = store.createBoard(name);
        if (!Boolean.FALSE.equals(p.bool("defaultLists"))) {
            for (String list : List.of("To Do", "Doing", "Done")) {
                store.createList(board, list, "bottom");
            }
        }
        return TrelloJson.select(board.json(config), Board.DEFAULT_FIELDS);
    }

    private Object getBoard(Request r) {
        Board board = store.board(r.pathParam("id"));
        Params p = Params.of(r);
        ObjectNode out = TrelloJson.select(board.json(config), p.list("fields", String.join(",", Board.DEFAULT_FIELDS)));
        String lists = p.get("lists", "none");
        if (!lists.equals("none")) {
            out.set("lists", array(filterLists(board, lists), l -> TrelloJson.select(l.json(), p.list("list_fields", "all"))));
        }
        String cards = p.get("cards", "none");
        if (!cards.equals("none")) {
            boolean items = Boolean.TRUE.equals(p.bool("card_customFieldItems"));
            out.set("cards", array(filterCards(board, cards), c -> cardJson(c, p.list("card_fields", "all"), items)));
        }
        if (Boolean.TRUE.equals(p.bool("customFields"))) {
            out.set("customFields", array(board.customFields, CustomField::json));
        }
        String labels = p.get("labels", "none");
        if (!labels.equals("none")) {
            if (!labels.equals("all")) {
                throw TrelloError.invalidValue("labels");
            }
            out.set("labels", array(board.labels, l -> TrelloJson.select(l.json(), p.list("label_fields", "all"))));
        }
        String members = p.get("members", "none");
        if (!members.equals("none")) {
            if (!members.equals("all")) {
                throw TrelloError.invalidValue("members");
            }
            out.set("members", array(store.membersOf(board), Member::boardJson));
        }
        return out;
    }

    // ---- lists

    private Object getBoardLists(Request r) {
        Board board = store.board(r.pathParam("id"));
        Params p = Params.of(r);
        String cards = p.get("cards", "none");
        List<String> cardFields = p.list("card_fields", "all");
        return array(filterLists(board, p.get("filter", "open")), list -> {
            ObjectNode json = TrelloJson.select(list.json(), p.list("fields", "all"));
            if (!cards.equals("none")) {
                json.set("cards", array(filterCards(board, cards).stream().filter(c -> c.list == list).toList(),
                        c -> cardJson(c, cardFields, false)));
            }
            return json;
        });
    }

    private Board boardParam(Params p) {
        String idBoard = p.get("idBoard");
        if (!TrelloIds.isIdOrShortLink(idBoard)) {
            throw TrelloError.invalidValue("idBoard");
        }
        return store.board(idBoard);
    }

    private Object postList(Request r, Board board) {
        Params p = Params.of(r);
        return store.createList(board, p.get("name"), p.get("pos", "bottom")).json();
    }

    private List<TrelloList> filterLists(Board board, String filter) {
        Predicate<TrelloList> keep = switch (filter) {
            case "open" -> l -> !l.closed;
            case "closed" -> l -> l.closed;
            case "all" -> l -> true;
            case "none" -> l -> false;
            default -> throw TrelloError.invalidValue("filter");
        };
        return store.listsOf(board).stream().filter(keep).toList();
    }

    // ---- cards

    private List<Card> filterCards(Board board, String filter) {
        Predicate<Card> keep = switch (filter) {
            case "open", "visible" -> c -> !c.closed;
            case "closed" -> c -> c.closed;
            case "all" -> c -> true;
            case "none" -> c -> false;
            case "complete" -> c -> !c.closed && c.dueComplete;
            case "incomplete" -> c -> !c.closed && !c.dueComplete;
            default -> throw TrelloError.invalidValue("filter");
        };
        return store.cardsOf(board).stream().filter(keep).toList();
    }

    private ObjectNode cardJson(Card card, List<String> fields, boolean customFieldItems) {
        ObjectNode json = TrelloJson.select(card.json(), fields);
        if (customFieldItems) {
            json.set("customFieldItems", card.customFieldItemsJson());
        }
        return json;
    }

    /**
     * Board cards. Paging is undocumented; as the community observes, {@code limit} with {@code before} /
     * {@code since} (card ids) works: without since the newest {@code limit} cards come back, with since the
     * oldest ones after it; either way sorted by id.
     */
    private Object getBoardCards(Request r, String filter) {
        Board board = store.board(r.pathParam("id"));
        Params p = Params.of(r);
        List<Card> cards = new ArrayList<>(filterCards(board, filter));
        String before = p.get("before");
        String since = p.get("since");
        if (p.has("limit") || before != null || since != null) {
            int limit = intParam(p, "limit", MAX_LIMIT, 0, MAX_LIMIT);
            cards.removeIf(c -> before != null && c.id.compareTo(idParam(before, "before")) >= 0
                    || since != null && c.id.compareTo(idParam(since, "since")) <= 0);
            cards.sort(Comparator.comparing(c -> c.id));
            int from = since != null && before == null ? 0 : Math.max(0, cards.size() - limit);
            cards = cards.subList(from, Math.min(cards.size(), from + limit));
        }
        boolean withActions = p.has("actions") && !p.get("actions").equals("none");
        if (withActions && cards.size() > MAX_CARDS_WITH_ACTIONS) {
            // 403 per several client reports; one recorded test saw 400 (api-contracts.md 2.2)
            throw TrelloError.json(403, "API_TOO_MANY_CARDS_REQUESTED", "Requested too many cards");
        }
        boolean items = Boolean.TRUE.equals(p.bool("customFieldItems"));
        List<String> fields = p.list("fields", "all");
        return array(cards, c -> {
            ObjectNode json = cardJson(c, fields, items);
            nestMembers(json, c, p);
            if (withActions) {
                json.set("actions", actionArray(board, a -> c.id.equals(a.data.path("card").path("id").asText())
                        && matchesAny(a, p.list("actions", "all")), true));
            }
            return json;
        });
    }

    /** {@code members=true} nests the card's members ({@code member_fields}, default id, fullName, username). */
    private void nestMembers(ObjectNode json, Card card, Params p) {
        if (Boolean.TRUE.equals(p.bool("members"))) {
            List<String> fields = p.list("member_fields", "all");
            json.set("members", array(store.membersOf(card.board).stream().filter(m -> card.idMembers.contains(m.id))
                    .toList(), m -> TrelloJson.select(m.boardJson(), fields)));
        }
    }

    private Object getListCards(Request r) {
        TrelloList list = store.list(r.pathParam("id"));
        Params p = Params.of(r);
        boolean items = Boolean.TRUE.equals(p.bool("customFieldItems"));
        return array(filterCards(list.board, p.get("filter", "open")).stream().filter(c -> c.list == list).toList(),
                c -> cardJson(c, p.list("fields", "all"), items));
    }

    private Object getCard(Request r) {
        Card card = store.card(r.pathParam("id"));
        Params p = Params.of(r);
        ObjectNode json = cardJson(card, p.list("fields", String.join(",", Card.DEFAULT_FIELDS)),
                Boolean.TRUE.equals(p.bool("customFieldItems")));
        nestMembers(json, card, p);
        if (Boolean.TRUE.equals(p.bool("list"))) {
            json.set("list", card.list.json());
        }
        if (Boolean.TRUE.equals(p.bool("board"))) {
            json.set("board", TrelloJson.select(card.board.json(config), Board.DEFAULT_FIELDS));
        }
        return json;
    }

    private Object postCard(Request r) {
        Params p = Params.of(r);
        String idList = p.get("idList");
        if (!TrelloIds.isObjectId(idList)) {
            throw TrelloError.invalidValue("idList");
        }
        TrelloList list;
        try {
            list = store.list(idList);
        } catch (TrelloError e) {
            throw TrelloError.invalidValue("idList");
        }
        Card card = store.createCard(list, p.get("name"), p.get("desc"), p.get("pos", "bottom"), change(p));
        return card.json();
    }

    private Object putCard(Request r) {
        Card card = store.card(r.pathParam("id"));
        Params p = Params.of(r);
        CardChange change = change(p);
        if (p.has("idBoard") && change.idList() == null && !p.get("idBoard").equals(card.board.id)) {
            throw TrelloError.invalidValue("idList");
        }
        return store.updateCard(card, change).json();
    }

    /** Card fields from the parameters; idMembers/idLabels are comma-separated ids ("" or "null" for none). */
    private static CardChange change(Params p) {
        return new CardChange(p.get("name"), p.get("desc"), p.bool("closed"), p.get("idList"), p.get("pos"),
                p.get("due"), p.get("start"), p.bool("dueComplete"), ids(p, "idMembers"), ids(p, "idLabels"));
    }

    private static List<String> ids(Params p, String name) {
        return !p.has(name) ? null : "null".equals(p.get(name)) ? List.of() : p.list(name, "");
    }

    // ---- card members and labels

    /**
     * POST /1/cards/{id}/idMembers?value=: answers the card's member ids. UNCONFIRMED answer shape (the spec
     * says only "Success"); the ids as PUT /1/cards would show them in idMembers.
     */
    private Object postCardMember(Request r) {
        Card card = store.card(r.pathParam("id"));
        store.addMember(card, store.boardMember(card.board, Params.of(r).get("value"), "value"));
        return stringArray(card.idMembers);
    }

    private Object deleteCardMember(Request r) {
        Card card = store.card(r.pathParam("id"));
        store.removeMember(card, store.boardMember(card.board, r.pathParam("idMember"), "idMember"));
        return stringArray(card.idMembers);
    }

    /** POST /1/cards/{id}/idLabels?value=: answers the card's label ids (UNCONFIRMED shape, as for idMembers). */
    private Object postCardLabel(Request r) {
        Card card = store.card(r.pathParam("id"));
        store.addLabel(card, store.boardLabel(card.board, Params.of(r).get("value"), "value"));
        return stringArray(card.idLabels);
    }

    private Object deleteCardLabel(Request r) {
        Card card = store.card(r.pathParam("id"));
        store.removeLabel(card, store.boardLabel(card.board, r.pathParam("idLabel"), "idLabel"));
        return stringArray(card.idLabels);
    }

    // ---- labels

    /** GET /1/boards/{id}/labels: {@code fields} (default all) and {@code limit} (0-1000, default 50). */
    private Object getBoardLabels(Request r) {
        Board board = store.board(r.pathParam("id"));
        Params p = Params.of(r);
        int limit = intParam(p, "limit", 50, 0, MAX_LIMIT);
        return array(board.labels.subList(0, Math.min(limit, board.labels.size())),
                l -> TrelloJson.select(l.json(), p.list("fields", "all")));
    }

    private Object postLabel(Request r, Board board) {
        Params p = Params.of(r);
        return store.createLabel(board, p.get("name"), p.get("color")).json();
    }

    private Object putLabel(Request r) {
        Label label = store.label(r.pathParam("id"));
        Params p = Params.of(r);
        return store.updateLabel(label, p.get("name"), p.get("color")).json();
    }

    /** DELETE /1/labels/{id}: UNCONFIRMED answer body; the card delete's {"limits":{}}. */
    private Object deleteLabel(Request r) {
        store.deleteLabel(store.label(r.pathParam("id")));
        ObjectNode out = TrelloJson.object();
        out.putObject("limits");
        return out;
    }

    private Object deleteCard(Request r) {
        store.deleteCard(store.card(r.pathParam("id")));
        ObjectNode out = TrelloJson.object();
        out.putObject("limits");
        return out;
    }

    // ---- actions

    /** GET …/actions: newest first, filtered, paged by since/before (date or action id), limit and page. */
    private Object actions(Request r, Board board) {
        Params p = Params.of(r);
        List<String> filter = p.list("filter", "all");
        int limit = intParam(p, "limit", 50, 0, MAX_LIMIT);
        int page = intParam(p, "page", 0, 0, 100);
        Predicate<Action> after = bound(board, p.get("since"), "since", true);
        Predicate<Action> beforeBound = bound(board, p.get("before"), "before", false);
        List<Action> newestFirst = new ArrayList<>();
        for (int i = board.actions.size() - 1; i >= 0; i--) {
            Action a = board.actions.get(i);
            if (matchesAny(a, filter) && after.test(a) && beforeBound.test(a)) {
                newestFirst.add(a);
            }
        }
        List<Action> pageOf = newestFirst.subList(Math.min(newestFirst.size(), page * limit),
                Math.min(newestFirst.size(), page * limit + limit));
        boolean creator = !Boolean.FALSE.equals(p.bool("memberCreator"));
        List<String> fields = p.list("fields", "all");
        return array(pageOf, a -> {
            ObjectNode json = TrelloJson.select(a.json(creator), fields);
            if (creator && !fields.contains("all")) {
                json.set("memberCreator", a.creator.creatorJson());
            }
            return json;
        });
    }

    private ArrayNode actionArray(Board board, Predicate<Action> keep, boolean creator) {
        ArrayNode out = TrelloJson.NODES.arrayNode();
        for (int i = board.actions.size() - 1; i >= 0; i--) {
            if (keep.test(board.actions.get(i))) {
                out.add(board.actions.get(i).json(creator));
            }
        }
        return out;
    }

    private static boolean matchesAny(Action action, List<String> filters) {
        return filters.stream().anyMatch(action::matches);
    }

    /**
     * since/before as an action id (position in the log when it is one of ours, else the time in the id) or
     * as an ISO date.
     */
    private static Predicate<Action> bound(Board board, String value, String name, boolean since) {
        if (value == null) {
            return a -> true;
        }
        if (TrelloIds.isObjectId(value)) {
            for (Action known : board.actions) {
                if (known.id.equals(value.toLowerCase())) {
                    return a -> since ? a.seq > known.seq : a.seq < known.seq;
                }
            }
            Instant t = TrelloIds.timeOf(value);
            return a -> since ? a.date.isAfter(t) : a.date.isBefore(t);
        }
        Instant t = parseDate(value, name);
        return a -> since ? a.date.isAfter(t) : a.date.isBefore(t);
    }

    private static Instant parseDate(String value, String name) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw TrelloError.invalidValue(name);
            }
        }
    }

    // ---- custom fields

    private Object postCustomField(Request r) {
        Params p = Params.of(r);
        String idModel = p.get("idModel");
        if (!TrelloIds.isIdOrShortLink(idModel)) {
            throw TrelloError.invalidValue("idModel");
        }
        if (!"board".equals(p.get("modelType"))) {
            throw TrelloError.invalidValue("modelType");
        }
        List<String> options = new ArrayList<>();
        JsonNode json = p.json();
        if (json != null) {
            json.path("options").forEach(o -> options.add(o.path("value").path("text").asText(o.asText())));
        }
        Boolean cardFront = p.bool("display_cardFront");
        return store.createCustomField(store.board(idModel), p.get("name"), p.get("type"), p.get("pos", "bottom"),
                cardFront == null || cardFront, options).json();
    }

    private Object putCustomFieldItem(Request r) {
        Card card = store.card(r.pathParam("idCard"));
        CustomField field = store.customField(r.pathParam("idCustomField"));
        CustomFieldItem item = store.setCustomFieldItem(card, field, r.jsonBody());
        return item == null ? TrelloJson.object() : item.json();
    }

    // ---- webhooks

    private Object postWebhook(Request r, String token) {
        Params p = Params.of(r);
        String callbackURL = p.get("callbackURL");
        if (callbackURL == null || !callbackURL.matches("https?://.+")) {
            throw TrelloError.invalidValue("callbackURL");
        }
        String idModel = p.get("idModel");
        if (!TrelloIds.isObjectId(idModel) || !store.isModel(idModel.toLowerCase())) {
            throw TrelloError.invalidValue("idModel");
        }
        String description = p.get("description", "");
        if (description.length() > 16384) {
            throw TrelloError.invalidValue("description");
        }
        requireHead(callbackURL);
        Boolean active = p.bool("active");
        return store.createWebhook(token, idModel.toLowerCase(), callbackURL, description, active == null || active).json();
    }

    private Object putWebhook(Request r) {
        TrelloWebhook webhook = store.webhook(r.pathParam("id"));
        Params p = Params.of(r);
        if (p.has("callbackURL") && !p.get("callbackURL").equals(webhook.callbackURL)) {
            requireHead(p.get("callbackURL"));
            webhook.callbackURL = p.get("callbackURL");
        }
        if (p.has("idModel")) {
            if (!TrelloIds.isObjectId(p.get("idModel")) || !store.isModel(p.get("idModel"))) {
                throw TrelloError.invalidValue("idModel");
            }
            webhook.idModel = p.get("idModel");
        }
        if (p.has("description")) {
            webhook.description = p.get("description");
        }
        if (p.has("active")) {
            webhook.active = p.bool("active");
        }
        return webhook.json();
    }

    private Object deleteWebhook(Request r) {
        store.deleteWebhook(store.webhook(r.pathParam("id")).id);
        return TrelloJson.object().putNull("_value");
    }

    private void requireHead(String callbackURL) {
        if (!webhooks.answersHead(callbackURL)) {
            throw TrelloError.text(400, "URL (" + callbackURL + ") did not return 200 status code to HEAD request");
        }
    }

    /** Called under the state lock for every recorded action: queues a delivery per interested webhook. */
    private void notifyWebhooks(Action action) {
        for (TrelloWebhook w : store.webhooks()) {
            if (!w.active || !action.models.contains(w.idModel) || !store.isModel(w.idModel)) {
                continue;
            }
            ObjectNode body = TrelloJson.object();
            body.set("action", action.json(true));
            body.set("model", store.modelJson(w.idModel));
            String id = w.id;
            webhooks.deliver(id, w.callbackURL, body.toString(), status -> withState(() -> {
                webhookOutcome(id, status);
                return null;
            }));
        }
    }

    private void webhookOutcome(String webhookId, int status) {
        TrelloWebhook w = store.webhooks().stream().filter(x -> x.id.equals(webhookId)).findFirst().orElse(null);
        if (w == null) {
            return;
        }
        if (status == 410) {
            store.deleteWebhook(webhookId);
        } else if (status < 0) {
            if (w.consecutiveFailures++ == 0) {
                w.firstConsecutiveFailDate = store.now();
            }
        } else {
            w.consecutiveFailures = 0;
            w.firstConsecutiveFailDate = null;
        }
    }

    // ---- service behaviour required by EmulatorServer

    @Override
    protected Response authenticate(Request request) {
        Credentials c = credentials(request);
        if (!SandboxCredentials.TRELLO_KEY.equals(c.key())) {
            return Response.text(401, "invalid key");
        }
        if (!SandboxCredentials.TRELLO_TOKEN.equals(c.token())) {
            return Response.text(401, "invalid token");
        }
        return null;
    }

    /** key/token from the query, a JSON or form body, or an {@code Authorization: OAuth …} header. */
    private static Credentials credentials(Request request) {
        Params p = Params.lenient(request);
        String key = p.get("key");
        String token = p.get("token");
        String auth = request.header("Authorization");
        if (auth != null && auth.trim().startsWith("OAuth ")) {
            Matcher k = OAUTH_KEY.matcher(auth);
            Matcher t = OAUTH_TOKEN.matcher(auth);
            // OAuth parameter values are percent-encoded (RFC 5849)
            key = key != null ? key : k.find() ? URLDecoder.decode(k.group(1), StandardCharsets.UTF_8) : null;
            token = token != null ? token : t.find() ? URLDecoder.decode(t.group(1), StandardCharsets.UTF_8) : null;
        }
        return new Credentials(key, token);
    }

    @Override
    protected Response rateLimit(Request request) {
        Credentials c = credentials(request);
        long now = clock.millis();
        if (tokenLimiter.acquire(c.token(), now) > 0) {
            return withRateHeaders(request, tokenLimitExceeded());
        }
        if (keyLimiter.acquire(c.key(), now) > 0) {
            return withRateHeaders(request, Response.json(429,
                    Map.of("error", "API_KEY_LIMIT_EXCEEDED", "message", "Rate limit exceeded")));
        }
        return null;
    }

    private static Response tokenLimitExceeded() {
        return Response.json(429, Map.of("error", "API_TOKEN_LIMIT_EXCEEDED", "message", "Rate limit exceeded"));
    }

    /** The undocumented but observed x-rate-limit-* headers (no Retry-After). */
    private Response withRateHeaders(Request request, Response response) {
        Credentials c = credentials(request);
        long now = clock.millis();
        String interval = String.valueOf(config.rateWindow().toMillis());
        return response
                .withHeader("x-rate-limit-api-token-interval-ms", interval)
                .withHeader("x-rate-limit-api-token-max", String.valueOf(config.tokenLimit()))
                .withHeader("x-rate-limit-api-token-remaining", String.valueOf(tokenLimiter.remaining(c.token(), now)))
                .withHeader("x-rate-limit-api-key-interval-ms", interval)
                .withHeader("x-rate-limit-api-key-max", String.valueOf(config.keyLimit()))
                .withHeader("x-rate-limit-api-key-remaining", String.valueOf(keyLimiter.remaining(c.key(), now)));
    }

    @Override
    protected Response faultResponse(Fault fault, Request request) {
        Response response = switch (fault) {
            case RATE_LIMIT -> tokenLimitExceeded();
            case SERVER_ERROR_500 -> Response.text(500, "Internal Server Error");
            case BAD_GATEWAY_502 -> Response.text(502, "Bad Gateway");
            case UNAVAILABLE_503 -> Response.text(503, "Service Unavailable");
            default -> throw new IllegalArgumentException("not an HTTP fault: " + fault);
        };
        return withRateHeaders(request, response);
    }

    @Override
    protected Response unknownRoute(Request request) {
        return withRateHeaders(request, Response.text(404, TrelloError.NOT_FOUND));
    }

    @Override
    protected Response malformedBody(Request request, String reason) {
        return withRateHeaders(request, Response.text(400, "invalid json"));
    }

    // ---- helpers

    private static <T> ArrayNode array(List<T> items, Function<T, JsonNode> json) {
        ArrayNode out = TrelloJson.NODES.arrayNode();
        items.forEach(i -> out.add(json.apply(i)));
        return out;
    }

    private static ArrayNode stringArray(List<String> values) {
        ArrayNode out = TrelloJson.NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static int intParam(Params p, String name, int fallback, int min, int max) {
        String v = p.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Trello's answer below
        }
        throw TrelloError.invalidValue(name);
    }

    private static String idParam(String value, String name) {
        if (!TrelloIds.isObjectId(value)) {
            throw TrelloError.invalidValue(name);
        }
        return value.toLowerCase();
    }
}
