package io.leadsync.sandbox.trello;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.time.IsoTimes;

/** A board with its lists, cards (in creation order), labels, members, custom field definitions and action log. */
final class Board {

    static final List<String> DEFAULT_FIELDS = List.of("name", "desc", "descData", "closed", "idOrganization",
            "pinned", "url", "shortUrl", "prefs", "labelNames");

    final String id;
    final String shortLink;
    final String idOrganization;
    final String idMemberCreator;
    String name;
    String desc = "";
    boolean closed;
    Instant dateLastActivity;
    int lastIdShort;
    final List<TrelloList> lists = new ArrayList<>();
    final List<Card> cards = new ArrayList<>();
    final List<CustomField> customFields = new ArrayList<>();
    /** In creation order. */
    final List<Label> labels = new ArrayList<>();
    /** The board's members, by member id, the creator first. */
    final List<String> idMembers = new ArrayList<>();
    /** Oldest first; the API serves them newest first. */
    final List<Action> actions = new ArrayList<>();

    Board(String id, String shortLink, String idOrganization, String idMemberCreator, String name, Instant now) {
        this.id = id;
        this.shortLink = shortLink;
        this.idOrganization = idOrganization;
        this.idMemberCreator = idMemberCreator;
        this.name = name;
        this.dateLastActivity = now;
    }

    Label label(String id) {
        return labels.stream().filter(l -> l.id.equals(id)).findFirst().orElse(null);
    }

    long openCards() {
        return cards.stream().filter(c -> !c.closed).count();
    }

    String url() {
        return "https://trello.com/b/" + shortLink + "/" + TrelloJson.slug(name);
    }

    /** The board as an action's {@code data.board}. */
    ObjectNode ref() {
        return TrelloJson.object().put("id", id).put("name", name).put("shortLink", shortLink);
    }

    ObjectNode json(TrelloConfig config) {
        ObjectNode b = TrelloJson.object();
        b.put("id", id).put("name", name).put("desc", desc).putNull("descData").put("closed", closed)
                .put("idOrganization", idOrganization).putNull("idEnterprise").put("pinned", false)
                .put("url", url()).put("shortUrl", "https://trello.com/b/" + shortLink);
        ObjectNode prefs = b.putObject("prefs");
        prefs.put("permissionLevel", "private").put("hideVotes", false).put("voting", "disabled")
                .put("comments", "members").put("invitations", "members").put("selfJoin", true)
                .put("cardCovers", true).put("isTemplate", false).put("cardAging", "regular")
                .put("calendarFeedEnabled", false).put("background", "blue").put("backgroundColor", "#0079BF")
                .put("backgroundTile", false).put("backgroundBrightness", "dark").put("canBePublic", true)
                .put("canBeEnterprise", true).put("canBeOrg", true).put("canBePrivate", true)
                .put("canInvite", true);
        ObjectNode labelNames = b.putObject("labelNames");
        for (String color : Label.BASE_COLORS) {
            labelNames.put(color, labels.stream().filter(l -> color.equals(l.color)).map(l -> l.name).findFirst().orElse(""));
        }
        b.put("shortLink", shortLink).put("idMemberCreator", idMemberCreator)
                .put("dateLastActivity", IsoTimes.format(dateLastActivity)).putNull("dateLastView")
                .put("starred", false).put("subscribed", false).putNull("datePluginDisable")
                .put("creationMethod", "automatic").putNull("templateGallery").put("enterpriseOwned", false);
        b.putArray("idTags");
        b.putObject("limits").set("cards", limits(config));
        return b;
    }

    private ObjectNode limits(TrelloConfig config) {
        long open = openCards();
        int disableAt = config.openCardsPerBoard();
        int warnAt = config.openCardsWarnAt();
        String status = open >= disableAt ? "disabled" : open >= warnAt ? "warning" : "ok";
        ObjectNode cards = TrelloJson.object();
        cards.set("openPerBoard", TrelloJson.limit(status, disableAt, warnAt));
        cards.set("totalPerBoard", TrelloJson.limit("ok", 2_000_000, 1_800_000));
        return cards;
    }
}
