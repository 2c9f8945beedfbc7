package io.leadsync.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.Shadows;

/**
 * This pair's item writes whose outcome was never learned: an attempt that failed without an answer (a timeout, a
 * lost connection, a 5xx) before it was sent again, or a write a read then showed as not landed (a crash with it in
 * flight). The service may still apply such a write later, after the writes the sync made since. Until the wait a
 * create of unknown outcome gets too (leadsync.uncertain-create-wait) has passed, an item showing exactly a value
 * one of them sent, unlike its shadow, is taken for that write landing late and put back, not for a person's edit
 * (three-pair campaign :219, :30, :329, :413: an archive held back landed after the restore, and the card was taken
 * for archived by a person and unlinked; :317: a rename held back landed after the next rename, and was kept as a
 * person's). They are journaled with the links ({@link LinkStore.Late}), so a crash right after such a landing
 * forgets none.
 */
final class LateWrites {

    /** The key of where the item is (its list/status; {@link #ARCHIVED} when archived). */
    static final String PLACE = "place";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String ARCHIVED = "(archived)";

    private final long waitMillis;
    /**
     * Per record, per late write still live (by its expiry), the item's modification time where a read showed it
     * landed; a record's entries go with its late writes.
     */
    private final Map<String, Map<Long, Long>> landedAt = new ConcurrentHashMap<>();

    LateWrites(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    /**
     * A write that would leave the item as {@code intended} had no answer (or was found not landed) at {@code now},
     * sent from {@code shadow}: journaled when it sends anything, or null.
     */
    LinkStore.Late late(Link intended, Link shadow, long now) {
        return intended.itemId() == null || values(intended, shadow).isEmpty() ? null
                : new LinkStore.Late(intended, shadow, now + waitMillis);
    }

    /** What a late write sends (by key: {@link #PLACE}, {@link #NAME}, {@link #DESCRIPTION}, a mapped field). */
    private static Map<String, String> values(Link intended, Link shadow) {
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
        return values;
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
    String landing(Shadows links, String recordId, String itemId, String key, String shown, long modifiedAt,
                   long now) {
        List<LinkStore.Late> lates = live(links, recordId, itemId, now);
        Map<Long, Long> landed = landedAt.computeIfAbsent(recordId, id -> new ConcurrentHashMap<>());
        landed.keySet().retainAll(lates.stream().map(LinkStore.Late::until).toList());
        for (int i = lates.size() - 1; i >= 0; i--) {
            LinkStore.Late late = lates.get(i);
            Long seen = landed.get(late.until());
            if (shown.equals(values(late.intended(), late.shadow()).get(key))
                    && (seen == null || seen == modifiedAt)) {
                landed.put(late.until(), modifiedAt);
                return "late@" + late.until();
            }
        }
        if (landed.isEmpty()) {
            landedAt.remove(recordId);
        }
        return null;
    }

    /** Whether a write of unknown outcome sent this value under {@code key} and may still land. */
    boolean expects(Shadows links, String recordId, String itemId, String key, String value, long now) {
        return live(links, recordId, itemId, now).stream()
                .anyMatch(late -> value.equals(values(late.intended(), late.shadow()).get(key)));
    }

    /** The record's late writes to this item that may still land. */
    private static List<LinkStore.Late> live(Shadows links, String recordId, String itemId, long now) {
        return links.lates(recordId).stream()
                .filter(late -> now <= late.until() && itemId.equals(late.intended().itemId())).toList();
    }
}
