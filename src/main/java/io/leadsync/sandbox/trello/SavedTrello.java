package io.leadsync.sandbox.trello;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated account as a JSON document and back: the members, boards with their lists, labels, members, custom
 * fields, cards (archived ones included) and action logs (clients read them incrementally, so ids and order are kept), and
 * where the id stream stands, and the webhooks (Trello keeps them until deleted or disabled; a restart forgets only
 * the deliveries still queued, as it forgets rate-limit windows).
 */
final class SavedTrello {

    private SavedTrello() {
    }

    static ObjectNode save(TrelloStore store) {
        ObjectNode doc = TrelloJson.object().put("ids", store.ids().state()).put("actionCount", store.actionCount())
                .put("idOrganization", store.idOrganization());
        doc.set("me", member(store.me));
        ArrayNode teammates = doc.putArray("teammates");
        store.teammates().forEach(m -> teammates.add(member(m)));
        ArrayNode boards = doc.putArray("boards");
        for (Board board : store.boards()) {
            ObjectNode b = boards.addObject().put("id", board.id).put("shortLink", board.shortLink)
                    .put("idOrganization", board.idOrganization).put("idMemberCreator", board.idMemberCreator)
                    .put("name", board.name).put("desc", board.desc).put("closed", board.closed)
                    .put("dateLastActivity", board.dateLastActivity.toString()).put("lastIdShort", board.lastIdShort);
            ArrayNode boardMembers = b.putArray("idMembers");
            board.idMembers.forEach(boardMembers::add);
            ArrayNode labels = b.putArray("labels");
            board.labels.forEach(l -> labels.addObject().put("id", l.id).put("name", l.name).put("color", l.color));
            ArrayNode lists = b.putArray("lists");
            board.lists.forEach(l -> lists.addObject().put("id", l.id).put("name", l.name).put("closed", l.closed)
                    .put("pos", l.pos));
            ArrayNode fields = b.putArray("customFields");
            for (CustomField f : board.customFields) {
                ObjectNode field = fields.addObject().put("id", f.id).put("fieldGroup", f.fieldGroup).put("type", f.type)
                        .put("name", f.name).put("pos", f.pos).put("cardFront", f.cardFront);
                ArrayNode options = field.putArray("options");
                f.options.forEach(o -> options.addObject().put("id", o.id()).put("text", o.text())
                        .put("color", o.color()).put("pos", o.pos()));
            }
            ArrayNode cards = b.putArray("cards");
            board.cards.forEach(c -> cards.add(card(c)));
            ArrayNode actions = b.putArray("actions");
            for (Action a : board.actions) {
                ObjectNode action = actions.addObject().put("id", a.id).put("seq", a.seq).put("type", a.type)
                        .put("date", a.date.toString()).put("idMemberCreator", a.creator.id);
                action.set("data", a.data);
                ArrayNode models = action.putArray("models");
                a.models.forEach(models::add);
            }
        }
        ArrayNode webhooks = doc.putArray("webhooks");
        store.webhooks().forEach(w -> webhooks.addObject().put("id", w.id).put("token", w.token)
                .put("idModel", w.idModel).put("callbackURL", w.callbackURL).put("description", w.description)
                .put("active", w.active).put("consecutiveFailures", w.consecutiveFailures)
                .put("firstConsecutiveFailDate", w.firstConsecutiveFailDate == null ? null
                        : w.firstConsecutiveFailDate.toString()));
        return doc;
    }

    static void load(TrelloStore store, JsonNode doc) {
        Member me = member(doc.get("me"));
        List<Member> teammates = new ArrayList<>();
        doc.path("teammates").forEach(t -> teammates.add(member(t)));
        Map<String, TrelloList> lists = new HashMap<>();
        Map<String, CustomField> fields = new HashMap<>();
        List<Board> boards = new ArrayList<>();
        for (JsonNode b : doc.path("boards")) {
            Board board = new Board(b.get("id").asText(), b.get("shortLink").asText(), b.get("idOrganization").asText(),
                    b.get("idMemberCreator").asText(), b.get("name").asText(), instant(b, "dateLastActivity"));
            board.desc = b.get("desc").asText();
            board.closed = b.get("closed").asBoolean();
            board.lastIdShort = b.get("lastIdShort").asInt();
            // data saved before boards had members: the creator alone
            if (b.has("idMembers")) {
                b.get("idMembers").forEach(id -> board.idMembers.add(id.asText()));
            } else {
                board.idMembers.add(board.idMemberCreator);
            }
            for (JsonNode l : b.path("labels")) {
                board.labels.add(new Label(l.get("id").asText(), board, l.get("name").asText(),
                        l.hasNonNull("color") ? l.get("color").asText() : null));
            }
            for (JsonNode l : b.path("lists")) {
                TrelloList list = new TrelloList(l.get("id").asText(), board, l.get("name").asText(), l.get("pos").asDouble());
                list.closed = l.get("closed").asBoolean();
                board.lists.add(list);
                lists.put(list.id, list);
            }
            for (JsonNode f : b.path("customFields")) {
                CustomField field = new CustomField(f.get("id").asText(), board, f.get("fieldGroup").asText(),
                        f.get("name").asText(), f.get("type").asText(), f.get("pos").asDouble(),
                        f.get("cardFront").asBoolean());
                f.path("options").forEach(o -> field.options.add(new CustomField.Option(o.get("id").asText(),
                        o.get("text").asText(), o.get("color").asText(), o.get("pos").asDouble())));
                board.customFields.add(field);
                fields.put(field.id, field);
            }
            for (JsonNode a : b.path("actions")) {
                Set<String> models = new LinkedHashSet<>();
                a.path("models").forEach(id -> models.add(id.asText()));
                board.actions.add(new Action(a.get("id").asText(), a.get("seq").asLong(), a.get("type").asText(),
                        instant(a, "date"), (ObjectNode) a.get("data"),
                        creator(a.path("idMemberCreator").asText(me.id), me, teammates), models));
            }
            boards.add(board);
        }
        // cards last: a card moved to another board may sit in a list of a board read after its own
        int i = 0;
        for (JsonNode b : doc.path("boards")) {
            Board board = boards.get(i++);
            for (JsonNode c : b.path("cards")) {
                board.cards.add(card(c, board, lists, fields));
            }
        }
        store.replace(me, teammates, doc.get("idOrganization").asText(), boards, doc.get("actionCount").asLong());
        store.ids().restore(doc.get("ids").asLong());
        for (JsonNode w : doc.path("webhooks")) {
            TrelloWebhook webhook = new TrelloWebhook(w.get("id").asText(), w.get("token").asText(),
                    w.get("idModel").asText(), w.get("callbackURL").asText(), w.get("description").asText(),
                    w.get("active").asBoolean());
            webhook.consecutiveFailures = w.get("consecutiveFailures").asInt();
            webhook.firstConsecutiveFailDate = w.hasNonNull("firstConsecutiveFailDate")
                    ? instant(w, "firstConsecutiveFailDate") : null;
            store.restoreWebhook(webhook);
        }
    }

    private static ObjectNode member(Member m) {
        return TrelloJson.object().put("id", m.id).put("username", m.username).put("fullName", m.fullName);
    }

    /** An action's creator by id: a teammate, else the sandbox member (saved data from before actions named it). */
    private static Member creator(String id, Member me, List<Member> teammates) {
        return teammates.stream().filter(m -> m.id.equals(id)).findFirst().orElse(me);
    }

    private static Member member(JsonNode m) {
        return new Member(m.get("id").asText(), m.get("username").asText(), m.get("fullName").asText());
    }

    private static ObjectNode card(Card c) {
        ObjectNode card = TrelloJson.object().put("id", c.id).put("shortLink", c.shortLink).put("idShort", c.idShort)
                .put("idList", c.list.id).put("name", c.name).put("desc", c.desc).put("closed", c.closed)
                .put("pos", c.pos).put("due", c.due).put("start", c.start).put("dueComplete", c.dueComplete)
                .put("dateLastActivity", c.dateLastActivity.toString());
        ArrayNode members = card.putArray("idMembers");
        c.idMembers.forEach(members::add);
        ArrayNode labels = card.putArray("idLabels");
        c.idLabels.forEach(labels::add);
        ArrayNode items = card.putArray("customFieldItems");
        for (CustomFieldItem item : c.customFieldItems.values()) {
            ObjectNode saved = items.addObject().put("id", item.id).put("idCustomField", item.field.id)
                    .put("idValue", item.idValue);
            saved.set("value", item.value);
        }
        return card;
    }

    private static Card card(JsonNode c, Board board, Map<String, TrelloList> lists, Map<String, CustomField> fields) {
        TrelloList list = lists.get(c.get("idList").asText());
        Card card = new Card(c.get("id").asText(), c.get("shortLink").asText(), c.get("idShort").asInt(), list,
                c.get("name").asText(), c.get("pos").asDouble(), instant(c, "dateLastActivity"));
        card.board = board;
        card.desc = c.get("desc").asText();
        card.closed = c.get("closed").asBoolean();
        card.due = c.hasNonNull("due") ? c.get("due").asText() : null;
        card.start = c.hasNonNull("start") ? c.get("start").asText() : null;
        card.dueComplete = c.get("dueComplete").asBoolean();
        c.path("idMembers").forEach(id -> card.idMembers.add(id.asText()));
        c.path("idLabels").forEach(id -> card.idLabels.add(id.asText()));
        for (JsonNode i : c.path("customFieldItems")) {
            CustomFieldItem item = new CustomFieldItem(i.get("id").asText(), fields.get(i.get("idCustomField").asText()),
                    card);
            item.idValue = i.hasNonNull("idValue") ? i.get("idValue").asText() : null;
            item.value = i.hasNonNull("value") ? (ObjectNode) i.get("value") : null;
            card.customFieldItems.put(item.field.id, item);
        }
        return card;
    }

    private static Instant instant(JsonNode node, String name) {
        return Instant.parse(node.get(name).asText());
    }
}
