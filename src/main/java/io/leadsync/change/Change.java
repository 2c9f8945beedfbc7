package io.leadsync.change;

/**
 * One push decided by a cycle, one message on the push route, which a {@code choice} routes by its type. The
 * idempotency key identifies the change (record, target values and the source's modification time), not just the
 * record, so an A-B-A edit is three changes; its string is kept exactly as earlier versions computed it, so the
 * keys an existing data/applied-changes.log holds still match.
 */
public sealed interface Change permits CreateItem, ItemWrite, SetLeadStatus, WriteBackIds {

    /** The lead the change is about (for a batch of leads: its first). */
    String recordId();

    String idempotencyKey();

    /** The source's modification time the change was decided from (dead letters are keyed by it). */
    long sourceModified();

    /** What the change does, for the log. */
    String summary();
}
