package io.leadsync.sandbox.trello;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A board's label: a name (may be empty) and a colour (null: no colour, not shown on the card front). */
final class Label {

    /**
     * The spec's Color enum; the service also takes each colour's {@code _light} and {@code _dark} shades
     * (the 30-colour palette of the board UI).
     */
    static final List<String> BASE_COLORS = List.of("green", "yellow", "orange", "red", "purple", "blue", "sky",
            "lime", "pink", "black");

    final String id;
    final Board board;
    String name;
    String color;

    Label(String id, Board board, String name, String color) {
        this.id = id;
        this.board = board;
        this.name = name;
        this.color = color;
    }

    static boolean isColor(String color) {
        return BASE_COLORS.contains(color.replaceFirst("_(light|dark)$", ""));
    }

    /** The label as an action's {@code data.label}. */
    ObjectNode ref() {
        return TrelloJson.object().put("id", id).put("name", name).put("color", color);
    }

    /** The spec's Label {id, idBoard, name, color} and the count of cards carrying it, as the service adds. */
    ObjectNode json() {
        long uses = board.cards.stream().filter(c -> c.idLabels.contains(id)).count();
        return TrelloJson.object().put("id", id).put("idBoard", board.id).put("name", name).put("color", color)
                .put("uses", uses);
    }
}
