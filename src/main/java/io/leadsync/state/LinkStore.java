package io.leadsync.state;

import java.io.UncheckedIOException;
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
public final class LinkStore implements Shadows, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Map<String, Link> byRecord = new LinkedHashMap<>();
    private final Map<String, String> recordByItem = new HashMap<>();
    private final Map<String, String> cursors = new LinkedHashMap<>();
    private final java.util.Set<String> unresolved = new java.util.HashSet<>();
    private final Map<String, Intent> intents = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final java.util.Set<String> linkFieldsOwed = new java.util.LinkedHashSet<>();
    private final Map<String, List<Late>> lates = new HashMap<>();

    /**
     * A write whose outcome is not known yet: the link as it will be once it landed.
     *
     * @param itemWrite true for a write to the card/task, false for one to the lead
     */
    public record Intent(Link link, boolean itemWrite) {
    }

    /**
     * What a cycle read of a linked pair when it planned writes for it, where that differs from the shadow: kept
     * until a stored link settles the record, so that a value seen and then changed back (A-B-A) is still a
     * change after the planned write was lost to a crash or a failure.
     *
     * @param status the lead's status as read, or null when it was not read
     * @param bucket the item's bucket as read, or null when it was not read (or was archived)
     */
    public record Seen(String recordId, String status, String bucket) {
    }

    /**
     * An item write whose outcome was never learned and that may still land until {@code until} (leadsync's clock):
     * the link it would leave ({@code intended}) and the shadow it was sent from. Kept across restarts, dropped once
     * expired (on compaction), so that a late landing after a crash is still known as the sync's own.
     */
    public record Late(Link intended, Link shadow, long until) {
    }
    private final boolean moveAsideIfCorrupt;
    private int journalLines;
    /** A write was refused after memory took it: memory holds what the storage does not. */
    private boolean refused;

    public LinkStore(String dataDir, String pairName) {
        this(new FileStateStorage(dataDir), pairName, false);
    }

    public LinkStore(String dataDir, String pairName, boolean moveAsideIfCorrupt) {
        this(new FileStateStorage(dataDir), pairName, moveAsideIfCorrupt);
    }

    /**
     * @param moveAsideIfCorrupt a damaged journal is moved aside and the links start empty, to be rebuilt from the
     *                           cross-references; else it stops start-up, naming the file, the line and this option
     */
    public LinkStore(StateStorage storage, String pairName, boolean moveAsideIfCorrupt) {
        this.journal = storage.journal(PairStateFiles.links(pairName));
        this.moveAsideIfCorrupt = moveAsideIfCorrupt;
        reload();
    }

    /**
     * Reads the pair's links again from the storage, dropping what memory held: a node that becomes the pair's
     * leader sees what the previous leader wrote, and a write the storage refused is forgotten.
     */
    public synchronized void reload() {
        clear();
        if (!journal.replay(line -> {
            replay(line);
            journalLines++;
        }, moveAsideIfCorrupt)) {
            clear();
        }
    }

    /**
     * Forgets what a refused write left in memory (an intent never stored), by reading the storage again: called
     * before each cycle plans, so that nothing is planned from state that is not stored.
     */
    public synchronized void reloadIfRefused() {
        if (refused) {
            reload();
            refused = false;
        }
    }

    private void clear() {
        byRecord.clear();
        recordByItem.clear();
        intents.clear();
        seen.clear();
        lates.clear();
        cursors.clear();
        unresolved.clear();
        linkFieldsOwed.clear();
        journalLines = 0;
    }

    private void replay(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            switch (node.path("t").asText()) {
                case "link" -> index(JSON.treeToValue(node.get("link"), Link.class));
                case "intent" -> intents.put(node.get("link").get("recordId").asText(), new Intent(
                        JSON.treeToValue(node.get("link"), Link.class), node.path("itemWrite").asBoolean()));
                case "seen" -> remember(JSON.treeToValue(node.get("seen"), Seen.class));
                case "late" -> addLate(JSON.treeToValue(node.get("late"), Late.class));
                case "unlink" -> unindex(node.get("recordId").asText());
                case "cursor" -> cursors.put(node.get("name").asText(), node.get("value").asText());
                case "owe" -> linkFieldsOwed.add(node.get("recordId").asText());
                case "paid" -> linkFieldsOwed.remove(node.get("recordId").asText());
                default -> throw new IllegalStateException("unknown journal entry type");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a link journal entry", e);
        }
    }

    @Override
    public synchronized Link byRecord(String recordId) {
        return byRecord.get(recordId);
    }

    @Override
    public synchronized Link byItem(String itemId) {
        String recordId = recordByItem.get(itemId);
        return recordId == null ? null : byRecord.get(recordId);
    }

    @Override
    public synchronized List<Link> all() {
        return new ArrayList<>(byRecord.values());
    }

    public synchronized int size() {
        return byRecord.size();
    }

    public synchronized void put(Link link) {
        putAll(List.of(link));
    }

    /** Stores several links with one fsync; a stored link settles any intent of its record. */
    public synchronized void putAll(Collection<Link> links) {
        List<String> lines = new ArrayList<>();
        for (Link link : links) {
            index(link);
            lines.add(entry("link", link));
        }
        write(lines);
    }

    /**
     * Written ahead of a write to a service: the links as they will be once it has landed. If its outcome is
     * never learned (the answer was lost, the process died), the next cycle compares what it reads with the
     * intent to tell the sync's own write from a person's edit. Cleared by the next {@link #put} of the record.
     */
    public synchronized void putIntents(Collection<Link> next, boolean itemWrite) {
        List<String> lines = new ArrayList<>();
        for (Link link : next) {
            Intent intent = new Intent(link, itemWrite);
            intents.put(link.recordId(), intent);
            lines.add(entry(intent));
        }
        write(lines);
    }

    /** The intent of a write to this record whose outcome is not known, or null. */
    @Override
    public synchronized Intent intent(String recordId) {
        return intents.get(recordId);
    }

    /**
     * Records what a cycle read of records it planned writes for (one fsync); a record's earlier values stay where
     * this read did not see that side; values already recorded are not written again (a record can stay
     * undecided for several cycles). Cleared by the next {@link #put} of the record.
     */
    public synchronized void putSeen(Collection<Seen> read) {
        List<String> lines = new ArrayList<>();
        for (Seen s : read) {
            Seen before = seen.get(s.recordId());
            Seen merged = remember(s);
            if (!merged.equals(before)) {
                lines.add(entry(merged));
            }
        }
        if (!lines.isEmpty()) {
            write(lines);
        }
    }

    /** What the last planning cycle read of this record while its writes have not landed, or null. */
    @Override
    public synchronized Seen seen(String recordId) {
        return seen.get(recordId);
    }

    /** Journals an item write that may still land (one fsync). */
    public synchronized void putLate(Late late) {
        addLate(late);
        ObjectNode entry = JSON.createObjectNode().put("t", "late");
        entry.set("late", JSON.valueToTree(late));
        write(List.of(entry.toString()));
    }

    private void addLate(Late late) {
        lates.computeIfAbsent(late.intended().recordId(), id -> new ArrayList<>()).add(late);
    }

    @Override
    public synchronized List<Late> lates(String recordId) {
        return List.copyOf(lates.getOrDefault(recordId, List.of()));
    }

    private Seen remember(Seen read) {
        Seen before = seen.get(read.recordId());
        Seen merged = before == null ? read : new Seen(read.recordId(),
                read.status() != null ? read.status() : before.status(),
                read.bucket() != null ? read.bucket() : before.bucket());
        seen.put(read.recordId(), merged);
        return merged;
    }

    private static String entry(Seen read) {
        ObjectNode entry = JSON.createObjectNode().put("t", "seen");
        entry.set("seen", JSON.valueToTree(read));
        return entry.toString();
    }

    private static String entry(String type, Link link) {
        ObjectNode entry = JSON.createObjectNode().put("t", type);
        entry.set("link", JSON.valueToTree(link));
        return entry.toString();
    }

    private static String entry(Intent intent) {
        ObjectNode entry = JSON.createObjectNode().put("t", "intent").put("itemWrite", intent.itemWrite());
        entry.set("link", JSON.valueToTree(intent.link()));
        return entry.toString();
    }

    public synchronized void remove(String recordId) {
        unindex(recordId);
        write(List.of(JSON.createObjectNode().put("t", "unlink").put("recordId", recordId).toString()));
    }

    /**
     * Journals that these leads' link fields do not hold their links' item ids yet (an item was created, or a
     * read found the field differing): kept until {@link #linkFieldsWritten}, so that a stop before the write
     * loses none. What to write is the link itself, as it is when the write goes out.
     */
    public synchronized void oweLinkFields(Collection<String> recordIds) {
        List<String> lines = new ArrayList<>();
        for (String recordId : recordIds) {
            if (linkFieldsOwed.add(recordId)) {
                lines.add(linkFieldEntry("owe", recordId));
            }
        }
        if (!lines.isEmpty()) {
            write(lines);
        }
    }

    private static String linkFieldEntry(String type, String recordId) {
        return JSON.createObjectNode().put("t", type).put("recordId", recordId).toString();
    }

    /** The leads whose link fields are still to be written, oldest first. */
    public synchronized List<String> linkFieldsOwed() {
        return new ArrayList<>(linkFieldsOwed);
    }

    /** The link fields of these leads were written (or the write was refused and dead-lettered). */
    public synchronized void linkFieldsWritten(Collection<String> recordIds) {
        List<String> lines = new ArrayList<>();
        for (String recordId : recordIds) {
            if (linkFieldsOwed.remove(recordId)) {
                lines.add(linkFieldEntry("paid", recordId));
            }
        }
        if (!lines.isEmpty()) {
            write(lines);
        }
    }

    @Override
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
     * The record ids of links that are a create of unknown outcome or a relinked item whose lead status is not
     * known yet: both are resolved by reading everything.
     */
    public synchronized java.util.Set<String> unresolved() {
        return java.util.Set.copyOf(unresolved);
    }

    private void index(Link link) {
        if (link.pending() || link.status() == null) {
            unresolved.add(link.recordId());
        } else {
            unresolved.remove(link.recordId());
        }
        intents.remove(link.recordId());
        seen.remove(link.recordId());
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
        intents.remove(recordId);
        seen.remove(recordId);
        Link previous = byRecord.remove(recordId);
        if (previous != null && previous.itemId() != null) {
            recordByItem.remove(previous.itemId());
        }
    }

    private void write(List<String> lines) {
        try {
            journal.append(lines);
        } catch (UncheckedIOException e) {
            refused = true;
            throw new IllegalStateException("Cannot persist sync state: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            refused = true;
            throw e;
        }
        journalLines += lines.size();
        if (journalLines > 2 * (byRecord.size() + intents.size() + seen.size() + cursors.size()
                + linkFieldsOwed.size() + lates.size()) + 1000) {
            compact();
        }
    }

    /**
     * Rewrites the journal as one line per live link, intent, seen record, owed link field, cursor and late write
     * not expired yet.
     */
    public synchronized void compact() {
        List<String> lines = new ArrayList<>();
        byRecord.values().forEach(link -> lines.add(entry("link", link)));
        intents.values().forEach(intent -> lines.add(entry(intent)));
        seen.values().forEach(read -> lines.add(entry(read)));
        long now = System.currentTimeMillis(); // the clock the sync's writes are timed by
        lates.values().forEach(list -> list.removeIf(late -> late.until() < now));
        lates.values().removeIf(List::isEmpty);
        lates.values().forEach(list -> list.forEach(late -> {
            ObjectNode entry = JSON.createObjectNode().put("t", "late");
            entry.set("late", JSON.valueToTree(late));
            lines.add(entry.toString());
        }));
        linkFieldsOwed.forEach(id -> lines.add(linkFieldEntry("owe", id)));
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
