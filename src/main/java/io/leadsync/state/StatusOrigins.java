package io.leadsync.state;

import java.util.Map;

/**
 * Who set a lead's status, when a pair did: pairs that share a table see one pair's status write as a lead change,
 * and decide a conflict with it by when the item that caused it moved (its true origin), not by when the write
 * landed in Airtable, and name that origin in the audit.
 */
@FunctionalInterface
public interface StatusOrigins {

    /**
     * The status a pair wrote to a lead and why.
     *
     * @param pair     the pair that wrote it
     * @param itemId   its card/task whose move (or removal) caused the write
     * @param bucket   the list/status that card/task was in (null: archived or deleted)
     * @param at       when the card/task changed (the tracker's time): the time the conflict policy weighs
     * @param landedAt when the write was answered (leadsync's clock): a lead modified after that was edited again
     */
    record Origin(String pair, String status, String itemId, String bucket, long at, long landedAt) {

        /** "the trello pair: item 64f... moved to DONE at 2026-...Z, written to Airtable by leadsync". */
        public String describe() {
            return "the " + pair + " pair: item " + itemId + (bucket == null ? " archived or deleted"
                    : " moved to " + bucket) + " at " + java.time.Instant.ofEpochMilli(at)
                    + ", written to Airtable by leadsync";
        }
    }

    /**
     * The origin of a lead's status as read, or null when no pair wrote it (a person did, or a read since the write
     * showed another status).
     *
     * @param leadModified the lead's modification time as read
     */
    Origin of(String recordId, String status, long leadModified);

    /**
     * True when another pair wrote the lead a status other than the one read now, answered after the lead state this
     * pair last synced: the status read was set again since that write, even when it equals what this pair last
     * synced (A-B-A across pairs, the B another pair's write), so it is a lead change for this pair.
     *
     * @param syncedLeadModified the lead's modification time this pair last synced
     */
    default boolean setAgainSince(String recordId, String pair, String status, long syncedLeadModified) {
        return false;
    }

    /** The last status this pair wrote to the lead (or that a move of its item backed), and why; or null. */
    default Origin own(String recordId, String pair) {
        return null;
    }

    /**
     * Journals the statuses a pair's writes landed on these leads (by record id), or that a person's move of its
     * item backed without a write (moved to where the lead's status, set by another pair, already puts it: the
     * other pairs then weigh that move's time, not only the write's).
     */
    default void landed(Map<String, Origin> byRecord) {
    }

    /**
     * True when the lead, read with this status and modified (and read) at or after {@code changedBy}, shows another
     * status than a write this journal holds that landed (or was sent) before then: that write is no longer the
     * origin of the lead's status (a person set it since, or it never landed).
     */
    default boolean supersededBy(String recordId, String status, long changedBy) {
        return false;
    }

    /**
     * Records what {@link #supersededBy} found: the lead read with {@code status} by {@code changedBy}; the writes of
     * other statuses before then are no longer its origin.
     */
    default void superseded(String recordId, String status, long changedBy) {
    }

    /**
     * Whether leadsync itself (any pair: a link write-back, a status write) modified the lead at {@code modifiedAt},
     * give or take the clocks' skew: then that modification is no person's edit.
     */
    default boolean ownWriteAt(String recordId, long modifiedAt) {
        return false;
    }
}
