package io.leadsync.sandbox.trello;

import java.util.List;

/**
 * The fields a card update may set; null means "leave as is". {@code due}/{@code start} use "" to clear;
 * {@code idMembers}/{@code idLabels} replace the card's members/labels (an empty list removes them all).
 * {@code pos} is "top", "bottom" or a number, as the API takes it.
 */
public record CardChange(String name, String desc, Boolean closed, String idList, String pos, String due,
                         String start, Boolean dueComplete, List<String> idMembers, List<String> idLabels) {

    public static CardChange none() {
        return new CardChange(null, null, null, null, null, null, null, null, null, null);
    }

    public CardChange name(String value) {
        return new CardChange(value, desc, closed, idList, pos, due, start, dueComplete, idMembers, idLabels);
    }

    public CardChange desc(String value) {
        return new CardChange(name, value, closed, idList, pos, due, start, dueComplete, idMembers, idLabels);
    }

    public CardChange closed(boolean value) {
        return new CardChange(name, desc, value, idList, pos, due, start, dueComplete, idMembers, idLabels);
    }

    public CardChange idList(String value) {
        return new CardChange(name, desc, closed, value, pos, due, start, dueComplete, idMembers, idLabels);
    }

    public CardChange pos(String value) {
        return new CardChange(name, desc, closed, idList, value, due, start, dueComplete, idMembers, idLabels);
    }

    public CardChange due(String value) {
        return new CardChange(name, desc, closed, idList, pos, value, start, dueComplete, idMembers, idLabels);
    }

    public CardChange start(String value) {
        return new CardChange(name, desc, closed, idList, pos, due, value, dueComplete, idMembers, idLabels);
    }

    public CardChange dueComplete(boolean value) {
        return new CardChange(name, desc, closed, idList, pos, due, start, value, idMembers, idLabels);
    }

    public CardChange idMembers(List<String> value) {
        return new CardChange(name, desc, closed, idList, pos, due, start, dueComplete, value, idLabels);
    }

    public CardChange idLabels(List<String> value) {
        return new CardChange(name, desc, closed, idList, pos, due, start, dueComplete, idMembers, value);
    }
}
