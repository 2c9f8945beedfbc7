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
}
