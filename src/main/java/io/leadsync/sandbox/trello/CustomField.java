package io.leadsync.sandbox.trello;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A custom field definition on a board (types text, number, date, checkbox, list). */
final class CustomField {

    static final List<String> TYPES = List.of("text", "number", "date", "checkbox", "list");

    record Option(String id, String text, String color, double pos) {
    }

    final String id;
    final Board board;
    final String fieldGroup;
    final String type;
    String name;
    double pos;
    boolean cardFront;
    final List<Option> options = new ArrayList<>();

    CustomField(String id, Board board, String fieldGroup, String name, String type, double pos, boolean cardFront) {
        this.id = id;
        this.board = board;
        this.fieldGroup = fieldGroup;
        this.name = name;
        this.type = type;
        this.pos = pos;
        this.cardFront = cardFront;
    }

    /**
     * Trello's shape (Atlassian's custom-fields guide, TrelloDotNet's CustomFieldDisplay): {@code display} holds only
     * {@code cardFront}; name, a numeric pos and a list field's options sit beside it. The spec nests name, pos (typed
     * string) and options in display, which the service does not send; trello.js validates against that and rejects
     * a numeric display.pos.
     */
    ObjectNode json() {
        ObjectNode f = TrelloJson.object();
        f.put("id", id).put("idModel", board.id).put("modelType", "board").put("fieldGroup", fieldGroup);
        f.putObject("display").put("cardFront", cardFront);
        f.put("name", name);
        Card.putPos(f, pos);
        if ("list".equals(type)) {
            ArrayNode opts = f.putArray("options");
            for (Option o : options) {
                ObjectNode on = opts.addObject().put("id", o.id()).put("idCustomField", id);
                on.putObject("value").put("text", o.text());
                on.put("color", o.color());
                Card.putPos(on, o.pos());
            }
        }
        f.put("type", type).put("isSuggestedField", false);
        return f;
    }
}
