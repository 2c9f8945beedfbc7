package io.leadsync.tracker;

/**
 * A lead's value for a mapped field that the board/list cannot take (a label, tag, member or option it does not
 * have, a date or number that is none): the write is refused for that lead before anything is sent, and so
 * dead-lettered (sync-errors.camel.yaml, rejected-change) until the lead changes; the other leads go on.
 */
public final class FieldValueRefused extends IllegalArgumentException {

    public FieldValueRefused(String message) {
        super(message);
    }

    /**
     * A value that is not of its field's kind (a date, a number), e.g. {@code lead rec1: field due of Trello cannot
     * take it: 'soon' is not a date (...); change the lead}.
     */
    public static FieldValueRefused notOfItsKind(String recordId, String key, String tracker,
                                                 IllegalArgumentException why) {
        return new FieldValueRefused("lead " + recordId + ": field " + key + " of " + tracker + " cannot take it: "
                + why.getMessage() + "; change the lead");
    }
}
