package io.leadsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.state.Link;

/**
 * This pair's item writes whose outcome was never learned: an attempt that failed without an answer (a timeout, a
 * lost connection, a 5xx) before it was sent again, or a write a read then showed as not landed (a crash with it in
 * flight). The service may still apply such a write later, after the writes the sync made since. Until the wait a
 * create of unknown outcome gets too (leadsync.uncertain-create-wait) has passed, an item showing exactly a value
 * one of them sent, unlike its shadow, is taken for that write landing late and put back, not for a person's edit
 * (three-pair campaign :219, :30, :329: an archive held back landed after the restore, and the card was taken for
 * archived by a person and unlinked; :317: a rename held back landed after the next rename, and was kept as a
 * person's).
 *
 * <p>Kept in memory for the pair (a process that stops forgets them; its successor learns its own from the intents
 * it finds unsettled). The planner's decisions read them; the write steps add them.
 */
final class LateWrites {

    /** The key of where the item is (its list/status; {@link #ARCHIVED} when archived). */
    static final String PLACE = "place";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String ARCHIVED = "(archived)";

    /**
     * The values a write sent (by key: {@link #PLACE}, {@link #NAME}, {@link #DESCRIPTION}, a mapped field), until
     * when it may still land, and the item's modification time where a read showed it landed (null: not yet).
     */
    private record Pending(String itemId, Map<String, String> values, long until, Long landedAt) {
    }

    private final Map<String, List<Pending>> byRecord = new ConcurrentHashMap<>();
    private final long waitMillis;

    LateWrites(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /**
     * A write that would leave the item as {@code intended} had no answer (or was found not landed) at {@code now}:
     * what it sends, the values that differ from the shadow it was planned from, may still land.
     */
    void mayLand(Link intended, Link shadow, long now) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Objects.equals(intended.bucket(), shadow.bucket())) {
            values.put(PLACE, place(intended.bucket()));
        }
        if (!Objects.equals(intended.name(), shadow.name())) {
            values.put(NAME, intended.name());
        }
        if (!Objects.equals(intended.description(), shadow.description())) {
            values.put(DESCRIPTION, intended.description());
        }
        intended.fields().forEach((field, value) -> {
            if (!value.equals(shadow.fields().get(field))) {
                values.put(field, value);
            }
        });
        if (!values.isEmpty() && intended.itemId() != null) {
            byRecord.computeIfAbsent(intended.recordId(), id -> new ArrayList<>())
                    .add(new Pending(intended.itemId(), values, now + waitMillis, null));
        }
    }

    /** The {@link #PLACE} value of a bucket (null: archived). */
    static String place(String bucket) {
        return bucket == null ? ARCHIVED : bucket;
    }

    /**
     * The item, read with {@code shown} under {@code key} where its shadow has another value, shows what a write of
     * unknown outcome sent, within that write's wait: it landed late. Returns a name for that landing (the same for
     * every read of it, so that the write putting it back is one change however often it is planned), or null. A
     * write lands once: a later change of the item (another modification time) is no longer it.
     *
     * @param modifiedAt the item's modification time as read
     */
    synchronized String landing(String recordId, String itemId, String key, String shown, long modifiedAt, long now) {
        List<Pending> pending = live(recordId, itemId, now);
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            if (shown.equals(p.values().get(key)) && (p.landedAt() == null || p.landedAt() == modifiedAt)) {
                pending.set(i, new Pending(p.itemId(), p.values(), p.until(), modifiedAt));
                return "late@" + p.until();
            }
        }
        return null;
    }

    /** Whether a write of unknown outcome sent this value under {@code key} and may still land. */
    synchronized boolean expects(String recordId, String itemId, String key, String value, long now) {
        return live(recordId, itemId, now).stream().anyMatch(p -> value.equals(p.values().get(key)));
    }

    /** The record's pending writes to this item, the expired ones (and those to another item) dropped. */
    private List<Pending> live(String recordId, String itemId, long now) {
        List<Pending> pending = byRecord.get(recordId);
        if (pending == null) {
            return new ArrayList<>();
        }
        pending.removeIf(p -> now > p.until() || !p.itemId().equals(itemId));
        if (pending.isEmpty()) {
            byRecord.remove(recordId);
        }
        return pending;
    }
}
