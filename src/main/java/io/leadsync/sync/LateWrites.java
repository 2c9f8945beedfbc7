package io.leadsync.sync;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This pair's item writes (a move, an archive, a restore) whose outcome was never learned and that a read then
 * showed as not landed: a crash while one was in flight, an answer that never came. The service may still apply
 * such a write later, after the writes the sync made since. Until the wait a create of unknown outcome gets too
 * (leadsync.uncertain-create-wait) has passed, an item found exactly where one of them would put it, unlike its
 * shadow, is taken for that write landing late and put back, not for a person's edit (three-pair campaign :219,
 * :30: a held-back archive of a crashed process landed after the next process restored the card, and the card was
 * taken for archived by a person and unlinked).
 *
 * <p>Kept in memory for the pair's planner (a process that stops forgets them; its successor learns its own
 * from the intents it finds unsettled). The planner's decisions read them.
 */
final class LateWrites {

    /**
     * Where a write would put the item (null: archived), until when it may still land, and the item's modification
     * time where a read showed it landed (null: not yet).
     */
    private record Pending(String itemId, String bucket, long until, Long landedAt) {
    }

    private final Map<String, Pending> byRecord = new ConcurrentHashMap<>();
    private final long waitMillis;

    LateWrites(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /** A write to put the lead's item in this bucket (null: archive it) was found not landed at {@code now}. */
    void mayLand(String recordId, String itemId, String bucket, long now) {
        byRecord.put(recordId, new Pending(itemId, bucket, now + waitMillis, null));
    }

    /**
     * The item, read where its shadow does not have it, sits where a write of unknown outcome would put it,
     * within that write's wait: it landed late. Returns a name for that landing (the same for every read of it,
     * so that the write putting it back is one change however often it is planned), or null. A write lands
     * once: a later change of the item (another modification time) is no longer it.
     *
     * @param bucket     where the item was read (null: archived)
     * @param modifiedAt the item's modification time as read
     */
    String landing(String recordId, String itemId, String bucket, long modifiedAt, long now) {
        Pending pending = expected(recordId, itemId, bucket, now);
        if (pending == null || pending.landedAt() != null && pending.landedAt() != modifiedAt) {
            return null;
        }
        byRecord.put(recordId, new Pending(itemId, bucket, pending.until(), modifiedAt));
        return "late@" + pending.until();
    }

    /** Whether a write of unknown outcome would put the item there (null: archived) and may still land. */
    boolean expects(String recordId, String itemId, String bucket, long now) {
        return expected(recordId, itemId, bucket, now) != null;
    }

    private Pending expected(String recordId, String itemId, String bucket, long now) {
        Pending pending = byRecord.get(recordId);
        if (pending != null && (now > pending.until() || !pending.itemId().equals(itemId))) {
            byRecord.remove(recordId, pending);
            return null;
        }
        return pending != null && Objects.equals(pending.bucket(), bucket) ? pending : null;
    }
}
