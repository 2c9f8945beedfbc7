package io.leadsync.sync;

import java.util.Locale;

/**
 * Declared answers to the questions a two-way sync cannot decide alone (leadsync.conflicts.* and
 * leadsync.deletions.* in application.properties).
 *
 * @param statusConflict     who wins when both sides changed the status since the last sync
 * @param contentConflict    who wins when both sides changed the name/description
 * @param itemGone           what a lead does when its card/task is archived or deleted in the tracker
 * @param itemGoneStatus     the status to set when {@code itemGone} is {@link ItemGone#SET_STATUS}
 */
public record SyncPolicy(Winner statusConflict, Winner contentConflict, ItemGone itemGone, String itemGoneStatus) {

    public enum Winner {
        LATEST_WINS, AIRTABLE_WINS, TRACKER_WINS;

        /** Whether Airtable's value wins over the tracker's, given when each side last changed. */
        public boolean airtableWins(long leadModified, long itemModified) {
            return switch (this) {
                case AIRTABLE_WINS -> true;
                case TRACKER_WINS -> false;
                case LATEST_WINS -> leadModified >= itemModified;
            };
        }

        public static Winner parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public enum ItemGone {
        /** Leave the lead as it is, unlink it and log. */
        UNLINK,
        /** Set the lead's status to {@code itemGoneStatus} and unlink. */
        SET_STATUS;

        public static ItemGone parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public static SyncPolicy defaults() {
        return new SyncPolicy(Winner.LATEST_WINS, Winner.AIRTABLE_WINS, ItemGone.UNLINK, null);
    }
}
