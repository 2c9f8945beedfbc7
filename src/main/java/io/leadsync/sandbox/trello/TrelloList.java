package io.leadsync.sandbox.trello;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A list (column) of a board. Named TrelloList to stay clear of java.util.List. */
final class TrelloList {

    final String id;
    final Board board;
    String name;
    boolean closed;
    double pos;

    TrelloList(String id, Board board, String name, double pos) {
        this.id = id;
        this.board = board;
        this.name = name;
        this.pos = pos;
    }

    /** The list as an action's {@code data.list}. */
    ObjectNode ref() {
        return TrelloJson.object().put("id", id).put("name", name);
    }

    ObjectNode json() {
        ObjectNode l = TrelloJson.object();
        l.put("id", id).put("name", name).put("closed", closed).putNull("color").put("idBoard", board.id);
        Card.putPos(l, pos);
        l.put("subscribed", false).putNull("softLimit").putNull("type");
        l.putObject("datasource").put("filter", false);
        return l;
    }
}
