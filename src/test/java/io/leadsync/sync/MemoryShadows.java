package io.leadsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.Shadows;

/** Shadows held in memory, for the planner's pure tests: links, intents, seen entries and cursors as given. */
final class MemoryShadows implements Shadows {

    private final Map<String, Link> byRecord = new LinkedHashMap<>();
    final Map<String, LinkStore.Intent> intents = new HashMap<>();
    final Map<String, LinkStore.Seen> seen = new HashMap<>();
    final Map<String, String> cursors = new HashMap<>();

    MemoryShadows with(Link link) {
        byRecord.put(link.recordId(), link);
        return this;
    }

    @Override
    public Link byRecord(String recordId) {
        return byRecord.get(recordId);
    }

    @Override
    public Link byItem(String itemId) {
        return byRecord.values().stream().filter(l -> itemId.equals(l.itemId())).findFirst().orElse(null);
    }

    @Override
    public List<Link> all() {
        return new ArrayList<>(byRecord.values());
    }

    @Override
    public LinkStore.Intent intent(String recordId) {
        return intents.get(recordId);
    }

    @Override
    public LinkStore.Seen seen(String recordId) {
        return seen.get(recordId);
    }

    @Override
    public String cursor(String name) {
        return cursors.get(name);
    }
}
