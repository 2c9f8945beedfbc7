package io.leadsync.trello;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

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

    /**
     * A card, or the part of one an action names: a field the action leaves out is null ({@code customFieldItems}
     * too when the read did not ask for them).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Card(String id, String name, String desc, String idList, String idBoard, Boolean closed,
                String dateLastActivity, String due, List<String> idLabels, List<String> idMembers,
                List<CustomFieldItem> customFieldItems) {
    }

    /** A custom field's value on a card: {@code value} ({text|number|checked|date}) or a list option's id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CustomFieldItem(String idCustomField, String idValue, JsonNode value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Label(String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Member(String id, String username) {
    }

    /** A board's custom field: its type (text, number, checkbox, date, list) and a list's options. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CustomField(String id, String name, String type, List<Option> options) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Option(String id, OptionValue value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionValue(String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Action(String id, String type, String date, ActionData data) {
    }

    /**
     * What an action names: the card, and the list it is in ({@code list}) or moved to ({@code listAfter}); an
     * updateCard's {@code old} holds the previous value of each card field it changed.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActionData(Card card, Ref list, Ref listAfter, JsonNode old) {
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

    static final class Labels extends ArrayList<Label> {
    }

    static final class Members extends ArrayList<Member> {
    }

    static final class CustomFields extends ArrayList<CustomField> {
    }

    /** The routes leave null fields out: a card without labels, members or due has none of those keys. */
    record NewCard(String idList, String name, String desc, String pos, List<String> idLabels, List<String> idMembers,
                   String due) {
    }

    /**
     * Only what changes: the routes leave null fields out. {@code due} is JSON, so that clearing it is sent as
     * {@code null} rather than left out.
     */
    record CardChange(String name, String desc, String idList, Boolean closed, List<String> idLabels,
                      List<String> idMembers, JsonNode due) {
    }
}
