package io.leadsync.sandbox.trello;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Trello member: the sandbox's own (whoever holds the sandbox token) or a teammate on its boards. */
final class Member {

    final String id;
    final String username;
    final String fullName;

    Member(String id, String username, String fullName) {
        this.id = id;
        this.username = username;
        this.fullName = fullName;
    }

    String initials() {
        StringBuilder out = new StringBuilder();
        for (String part : fullName.split("\\s+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0)));
            }
        }
        return out.toString();
    }

    /** As GET /1/boards/{id}/members lists it (the default member fields: fullName, username). */
    ObjectNode boardJson() {
        return TrelloJson.object().put("id", id).put("fullName", fullName).put("username", username);
    }

    /** The member as an action's {@code data.member}. */
    ObjectNode ref() {
        return TrelloJson.object().put("id", id).put("name", fullName);
    }

    /** The short form embedded in actions as {@code memberCreator}. */
    ObjectNode creatorJson() {
        ObjectNode m = TrelloJson.object();
        m.put("id", id).put("activityBlocked", false).putNull("avatarHash").putNull("avatarUrl")
                .put("fullName", fullName).putNull("idMemberReferrer").put("initials", initials());
        m.putObject("nonPublic");
        m.put("nonPublicAvailable", true).put("username", username);
        return m;
    }

    ObjectNode json(List<String> boardIds) {
        ObjectNode m = creatorJson();
        m.put("bio", "").putNull("bioData").put("confirmed", true).putNull("idEnterprise");
        m.putArray("idEnterprisesDeactivated");
        m.putArray("idPremOrgsAdmin");
        m.put("memberType", "normal");
        m.putArray("products");
        m.put("url", "https://trello.com/" + username).put("status", "disconnected");
        ArrayNode boards = m.putArray("idBoards");
        boardIds.forEach(boards::add);
        m.putArray("idOrganizations");
        return m;
    }
}
