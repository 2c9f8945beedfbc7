package io.leadsync.sandbox.trello;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.time.IsoTimes;

/** A card. Its JSON follows the spec's Card schema and what the real service sends. */
final class Card {

    /** The default {@code fields} of GET /1/cards/{id} (spec). */
    static final List<String> DEFAULT_FIELDS = List.of("badges", "checkItemStates", "closed", "dateLastActivity",
            "desc", "descData", "due", "start", "idBoard", "idChecklists", "idLabels", "idList", "idMembers",
            "idShort", "idAttachmentCover", "manualCoverAttachment", "labels", "name", "pos", "shortUrl", "url");

    final String id;
    final String shortLink;
    final int idShort;
    Board board;
    TrelloList list;
    String name;
    String desc = "";
    boolean closed;
    double pos;
    String due;
    String start;
    boolean dueComplete;
    Instant dateLastActivity;
    final List<String> idMembers = new ArrayList<>();
    final List<String> idLabels = new ArrayList<>();
    /** Values by custom field id. */
    final Map<String, CustomFieldItem> customFieldItems = new LinkedHashMap<>();

    Card(String id, String shortLink, int idShort, TrelloList list, String name, double pos, Instant now) {
        this.id = id;
        this.shortLink = shortLink;
        this.idShort = idShort;
        this.board = list.board;
        this.list = list;
        this.name = name;
        this.pos = pos;
        this.dateLastActivity = now;
    }

    String url() {
        return "https://trello.com/c/" + shortLink + "/" + idShort + "-" + TrelloJson.slug(name);
    }

    /** The card as an action's {@code data.card}. */
    ObjectNode ref() {
        return TrelloJson.object().put("id", id).put("name", name).put("idShort", idShort).put("shortLink", shortLink);
    }

    /** Every field of the card, as GET /1/cards/{id}?fields=all answers. */
    ObjectNode json() {
        ObjectNode c = TrelloJson.object();
        c.put("id", id);
        c.set("badges", badges());
        c.putArray("checkItemStates");
        c.put("closed", closed).put("dueComplete", dueComplete)
                .put("dateLastActivity", IsoTimes.format(dateLastActivity)).put("desc", desc);
        c.putObject("descData").putObject("emoji");
        c.put("due", due).putNull("dueReminder").putNull("email").put("idBoard", board.id);
        c.putArray("idChecklists");
        c.put("idList", list.id);
        ArrayNode members = c.putArray("idMembers");
        idMembers.forEach(members::add);
        c.putArray("idMembersVoted");
        c.put("idShort", idShort).putNull("idAttachmentCover");
        ArrayNode labelObjects = c.putArray("labels");
        idLabels.stream().map(board::label).forEach(l -> labelObjects.add(l.json()));
        ArrayNode labels = c.putArray("idLabels");
        idLabels.forEach(labels::add);
        c.put("manualCoverAttachment", false).put("name", name);
        putPos(c, pos);
        c.put("shortLink", shortLink).put("shortUrl", "https://trello.com/c/" + shortLink).put("start", start)
                .put("subscribed", false).put("url", url());
        c.putObject("cover").putNull("idAttachment").putNull("color").putNull("idUploadedBackground")
                .put("size", "normal").put("brightness", "dark").putNull("idPlugin");
        c.put("isTemplate", false).putNull("cardRole");
        return c;
    }

    ArrayNode customFieldItemsJson() {
        ArrayNode items = TrelloJson.NODES.arrayNode();
        customFieldItems.values().forEach(i -> items.add(i.json()));
        return items;
    }

    private ObjectNode badges() {
        ObjectNode b = TrelloJson.object();
        b.putObject("attachmentsByType").putObject("trello").put("board", 0).put("card", 0);
        b.putNull("externalSource");
        b.put("location", false).put("votes", 0).put("viewingMemberVoted", false).put("subscribed", false)
                .put("fogbugz", "").put("checkItems", 0).put("checkItemsChecked", 0).putNull("checkItemsEarliestDue")
                .put("comments", 0).put("attachments", 0).put("description", !desc.isEmpty()).put("due", due)
                .put("dueComplete", dueComplete).put("start", start);
        return b;
    }

    /** Trello positions are numbers; whole ones are written without a fraction (65535, not 65535.0). */
    static void putPos(ObjectNode node, double pos) {
        if (pos == Math.rint(pos) && Math.abs(pos) < 1e15) {
            node.put("pos", (long) pos);
        } else {
            node.put("pos", pos);
        }
    }
}
