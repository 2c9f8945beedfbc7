package io.leadsync.state;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Links (lead <-> item, with their shadows) and polling cursors of one sync pair, persisted as a journal
 * under the data directory: every change is one fsynced line, so a kill -9 loses nothing that was
 * acknowledged, and the journal is compacted by an atomic rewrite. Deleting the data directory is safe:
 * links are rebuilt from the markers on the items.
 */
public final class LinkStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Map<String, Link> byRecord = new LinkedHashMap<>();
    private final Map<String, String> recordByItem = new HashMap<>();
    private final Map<String, String> cursors = new LinkedHashMap<>();
    private final java.util.Set<String> unresolved = new java.util.HashSet<>();
    private int journalLines;

    public LinkStore(String dataDir, String pairName) {
        this.journal = new Journal(Path.of(dataDir, pairName + "-links.jsonl"));
        for (String line : journal.load()) {
            replay(line);
            journalLines++;
        }
    }

    private void replay(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            switch (node.path("t").asText()) {
                case "link" -> index(JSON.treeToValue(node.get("link"), Link.class));
                case "unlink" -> unindex(node.get("recordId").asText());
                case "cursor" -> cursors.put(node.get("name").asText(), node.get("value").asText());
                default -> throw new IllegalStateException("unknown journal entry: " + line);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt link journal line (not JSON): " + line, e);
        }
    }

    public synchronized Link byRecord(String recordId) {
        return byRecord.get(recordId);
    }

    public synchronized Link byItem(String itemId) {
        String recordId = recordByItem.get(itemId);
        return recordId == null ? null : byRecord.get(recordId);
    }

    public synchronized List<Link> all() {
        return new ArrayList<>(byRecord.values());
    }

    public synchronized int size() {
        return byRecord.size();
    }

    public synchronized void put(Link link) {
        putAll(List.of(link));
    }

    /** Stores several links with one fsync. */
    public synchronized void putAll(Collection<Link> links) {
        List<String> lines = new ArrayList<>();
        for (Link link : links) {
            index(link);
            ObjectNode entry = JSON.createObjectNode().put("t", "link");
            entry.set("link", JSON.valueToTree(link));
            lines.add(entry.toString());
        }
        write(lines);
    }

    public synchronized void remove(String recordId) {
        unindex(recordId);
        write(List.of(JSON.createObjectNode().put("t", "unlink").put("recordId", recordId).toString()));
    }

    public synchronized String cursor(String name) {
        return cursors.get(name);
    }

    public synchronized void saveCursor(String name, String value) {
        if (value.equals(cursors.get(name))) {
            return;
        }
        cursors.put(name, value);
        write(List.of(JSON.createObjectNode().put("t", "cursor").put("name", name).put("value", value).toString()));
    }

    /**
     * True while some link is a create of unknown outcome or a relinked item whose lead status is not known
     * yet: both are resolved by reading everything.
     */
    public synchronized boolean hasUnresolved() {
        return !unresolved.isEmpty();
    }

    private void index(Link link) {
        if (link.pending() || link.status() == null) {
            unresolved.add(link.recordId());
        } else {
            unresolved.remove(link.recordId());
        }
        Link previous = byRecord.put(link.recordId(), link);
        if (previous != null && previous.itemId() != null) {
            recordByItem.remove(previous.itemId());
        }
        if (link.itemId() != null) {
            recordByItem.put(link.itemId(), link.recordId());
        }
    }

    private void unindex(String recordId) {
        unresolved.remove(recordId);
        Link previous = byRecord.remove(recordId);
        if (previous != null && previous.itemId() != null) {
            recordByItem.remove(previous.itemId());
        }
    }

    private void write(List<String> lines) {
        try {
            journal.append(lines);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Cannot persist sync state: " + e.getMessage(), e);
        }
        journalLines += lines.size();
        if (journalLines > 2 * (byRecord.size() + cursors.size()) + 1000) {
            compact();
        }
    }

    /** Rewrites the journal as one line per live link and cursor. */
    public synchronized void compact() {
        List<String> lines = new ArrayList<>();
        for (Link link : byRecord.values()) {
            ObjectNode entry = JSON.createObjectNode().put("t", "link");
            entry.set("link", JSON.valueToTree(link));
            lines.add(entry.toString());
        }
        cursors.forEach((k, v) ->
                lines.add(JSON.createObjectNode().put("t", "cursor").put("name", k).put("value", v).toString()));
        journal.rewrite(lines);
        journalLines = lines.size();
    }

    @Override
    public synchronized void close() {
        journal.close();
    }
}
