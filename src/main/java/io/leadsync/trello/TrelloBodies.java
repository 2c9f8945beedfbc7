package io.leadsync.trello;

import java.util.ArrayList;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Trello's JSON as leadsync reads and writes it (camel-jackson binds these in the API routes). */
final class TrelloBodies {

    private TrelloBodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Board(String id, String name, boolean closed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BoardList(String id, String name) {
    }

    /** A card, or the part of one an action names: a field the action leaves out is null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Card(String id, String name, String desc, String idList, String idBoard, Boolean closed,
                String dateLastActivity) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Action(String id, String type, String date, ActionData data) {
    }

    /** What an action names: the card, and the list it is in ({@code list}) or moved to ({@code listAfter}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActionData(Card card, Ref list, Ref listAfter) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String id) {
    }

    // Trello answers these with a bare JSON array; a named list class is what a route can unmarshal into
    static final class Boards extends ArrayList<Board> {
    }

    static final class BoardLists extends ArrayList<BoardList> {
    }

    static final class Cards extends ArrayList<Card> {
    }

    static final class Actions extends ArrayList<Action> {
    }

    record NewCard(String idList, String name, String desc, String pos) {
    }

    /** Only what changes: the routes leave null fields out. */
    record CardChange(String name, String desc, String idList, Boolean closed) {
    }
}
