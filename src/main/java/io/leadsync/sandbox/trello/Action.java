package io.leadsync.sandbox.trello;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.time.IsoTimes;

/**
 * One entry of a board's activity log (createCard, updateCard, deleteCard, …), which clients poll to
 * detect changes. {@code models} are the ids whose webhooks hear about it.
 */
final class Action {

    final String id;
    /** Recording order; action ids alone do not order actions created within the same second. */
    final long seq;
    final String type;
    final Instant date;
    final ObjectNode data;
    final Member creator;
    final Set<String> models;

    Action(String id, long seq, String type, Instant date, ObjectNode data, Member creator, Set<String> models) {
        this.id = id;
        this.seq = seq;
        this.type = type;
        this.date = date;
        this.data = data;
        this.creator = creator;
        this.models = models;
    }

    /** Whether a filter entry matches: a type ("updateCard") or a type and changed field ("updateCard:idList"). */
    boolean matches(String filter) {
        if (filter.equals("all")) {
            return true;
        }
        int colon = filter.indexOf(':');
        if (colon < 0) {
            return filter.equals(type);
        }
        return filter.substring(0, colon).equals(type) && data.path("old").has(filter.substring(colon + 1));
    }

    ObjectNode json(boolean withMemberCreator) {
        ObjectNode a = TrelloJson.object();
        a.put("id", id).put("idMemberCreator", creator.id);
        a.set("data", data.deepCopy());
        a.putNull("appCreator");
        a.put("type", type).put("date", IsoTimes.format(date));
        a.putObject("limits");
        if (withMemberCreator) {
            a.set("memberCreator", creator.creatorJson());
        }
        return a;
    }
}
