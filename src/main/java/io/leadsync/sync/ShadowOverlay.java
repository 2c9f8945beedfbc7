package io.leadsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.Shadows;

/**
 * The links as the decisions of one plan leave them, before anything is stored: a link decided early in a plan
 * is what later decisions of the same plan see, exactly as if it had been stored (a stored link settles its
 * record's intent and seen entry; a new one comes last in {@link #all()}).
 */
final class ShadowOverlay implements Shadows {

    private final Shadows stored;
    /** record id -> the link decided for it, or null where it was removed. */
    private final Map<String, Link> decided = new LinkedHashMap<>();
    /** Records put that come after the stored ones in {@link #all()}: new, or removed and put again. */
    private final Set<String> appended = new LinkedHashSet<>();
    private final Map<String, String> recordByItem = new HashMap<>();

    ShadowOverlay(Shadows stored) {
        this.stored = stored;
    }

    void put(Link link) {
        String id = link.recordId();
        if (byRecord(id) == null) {
            appended.remove(id);
            appended.add(id);
        }
        Link previous = byRecord(id);
        if (previous != null && previous.itemId() != null) {
            recordByItem.put(previous.itemId(), null);
        }
        decided.put(id, link);
        if (link.itemId() != null) {
            recordByItem.put(link.itemId(), id);
        }
    }

    void remove(String recordId) {
        Link previous = byRecord(recordId);
        if (previous != null && previous.itemId() != null) {
            recordByItem.put(previous.itemId(), null);
        }
        decided.put(recordId, null);
        appended.remove(recordId);
    }

    @Override
    public Link byRecord(String recordId) {
        return decided.containsKey(recordId) ? decided.get(recordId) : stored.byRecord(recordId);
    }

    @Override
    public Link byItem(String itemId) {
        if (recordByItem.containsKey(itemId)) {
            String recordId = recordByItem.get(itemId);
            return recordId == null ? null : byRecord(recordId);
        }
        Link link = stored.byItem(itemId);
        return link == null || !decided.containsKey(link.recordId()) ? link : null;
    }

    @Override
    public List<Link> all() {
        List<Link> all = new ArrayList<>();
        for (Link link : stored.all()) {
            if (!decided.containsKey(link.recordId())) {
                all.add(link);
            } else if (!appended.contains(link.recordId()) && decided.get(link.recordId()) != null) {
                all.add(decided.get(link.recordId()));
            }
        }
        appended.forEach(id -> all.add(decided.get(id)));
        return all;
    }

    @Override
    public LinkStore.Intent intent(String recordId) {
        return decided.containsKey(recordId) ? null : stored.intent(recordId);
    }

    @Override
    public LinkStore.Seen seen(String recordId) {
        return decided.containsKey(recordId) ? null : stored.seen(recordId);
    }

    @Override
    public String cursor(String name) {
        return stored.cursor(name);
    }

    @Override
    public List<LinkStore.Late> lates(String recordId) {
        return stored.lates(recordId);
    }
}
