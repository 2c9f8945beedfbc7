package io.leadsync.state;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The last status each pair's write set on each lead (or a person's move on that pair's item backed), and why,
 * shared by every pair in data/status-origins.jsonl (fsynced before the next cycle can read the lead, so a restart
 * between one pair's write and another pair's cycle keeps it). The latest line per lead and pair counts; the file
 * is compacted at start-up.
 */
public final class StatusOriginJournal implements StatusOrigins {

    static final String FILE = "status-origins.jsonl";
    /** Airtable's clock and leadsync's may differ a little: a write sent this long after the lead changed may be it. */
    static final long CLOCK_SKEW_MILLIS = 2_000;
    /**
     * A write sent whose answer never came (a crash, a lost answer) may have landed up to this long after it was
     * sent (the HTTP client gives up after 30 s; a service may apply a request later still): a lead set to its
     * status within that time counts as that write.
     */
    static final long UNANSWERED_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final ReadOnNextUse readLater = new ReadOnNextUse(this::read);
    /** By record id, then by pair. */
    private final Map<String, Map<String, Origin>> latest = new HashMap<>();
    /** Writes sent and not answered yet, the same way; their {@code landedAt} is when they were sent. */
    private final Map<String, Map<String, Origin>> unanswered = new HashMap<>();
    /** When each landed write in {@link #latest} was sent, where it was journaled before it was sent. */
    private final Map<String, Map<String, Long>> sentAt = new HashMap<>();
    /**
     * By record id: a time by which the lead was read (and modified) with another status than an origin landed (or
     * sent) before it: that origin and those before are no longer what the lead's status is (a person set it
     * since, or the write never landed).
     */
    private final Map<String, List<Reading>> superseded = new HashMap<>();

    /** A read of the lead with {@code status} (null: not recorded), modified and read by {@code at}. */
    private record Reading(long at, String status) {
    }

    /**
     * By record id: when leadsync's own writes to the lead (any pair's, any field) were answered, the last few; in
     * memory only (after a restart a modification is judged without them, as before they existed).
     */
    private final Map<String, java.util.Deque<Long>> ownWrites = new HashMap<>();
    private static final int OWN_WRITES_KEPT = 4;

    /** How many readings are kept per lead: enough to tell the writes of the last few status changes apart. */
    private static final int READINGS_KEPT = 8;

    public StatusOriginJournal(String dataDir) {
        this(new FileStateStorage(dataDir));
    }

    public StatusOriginJournal(StateStorage storage) {
        this.journal = storage.journal(FILE);
        read();
    }

    /**
     * Has the origins read again from the storage before they are next used: with shared state, pairs on one table
     * led by other nodes wrote theirs meanwhile (a node asks for that when it takes the lead of a pair; a node taking
     * fifty at start-up reads once). What this node wrote itself recently stays known.
     */
    public synchronized void reload() {
        readLater.reload();
    }

    private void read() {
        latest.clear();
        unanswered.clear();
        sentAt.clear();
        superseded.clear();
        List<String> lines = journal.load();
        for (String line : lines) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node.has("supersededAt")) {
                    addReading(node.path("record").asText(), new Reading(node.path("supersededAt").asLong(),
                            node.path("status").asText(null)));
                    continue;
                }
                Origin origin = new Origin(node.path("pair").asText(), node.path("status").asText(),
                        node.path("itemId").asText(), node.path("bucket").asText(null), node.path("at").asLong(),
                        node.path("landedAt").asLong());
                if (node.path("sent").asBoolean()) {
                    put(unanswered, node.path("record").asText(), origin);
                } else {
                    put(node.path("record").asText(), origin);
                    if (node.has("sentAt")) {
                        sentAt.computeIfAbsent(node.path("record").asText(), id -> new HashMap<>())
                                .put(origin.pair(), node.path("sentAt").asLong());
                    }
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // an origin refines a conflict decision: a damaged line costs that refinement only
            }
        }
        int kept = latest.values().stream().mapToInt(Map::size).sum()
                + unanswered.values().stream().mapToInt(Map::size).sum()
                + superseded.values().stream().mapToInt(List::size).sum();
        if (lines.size() > 2 * kept + 100) {
            List<String> compacted = new java.util.ArrayList<>();
            latest.forEach((record, byPair) -> byPair.values().forEach(o -> compacted.add(landedLine(record, o))));
            unanswered.forEach((record, byPair) -> byPair.values().forEach(o -> compacted.add(line(record, o, true))));
            superseded.forEach((record, readings) -> readings.forEach(r -> compacted.add(supersededLine(record, r))));
            journal.rewrite(compacted);
        }
    }

    /** A landed write (or a backing move): the pair's latest, and its write no longer unanswered. */
    private void put(String recordId, Origin origin) {
        put(latest, recordId, origin);
        Map<String, Long> sentTimes = sentAt.computeIfAbsent(recordId, id -> new HashMap<>());
        Map<String, Origin> sent = unanswered.get(recordId);
        Origin answered = sent == null ? null : sent.remove(origin.pair());
        if (answered != null && answered.status().equals(origin.status())) {
            sentTimes.put(origin.pair(), answered.landedAt());
        } else {
            sentTimes.remove(origin.pair());
        }
    }

    private static void put(Map<String, Map<String, Origin>> map, String recordId, Origin origin) {
        map.computeIfAbsent(recordId, id -> new HashMap<>()).put(origin.pair(), origin);
    }

    /** The origin of the write that landed last on the lead (any pair's), or null. */
    private Origin newest(String recordId) {
        Map<String, Origin> byPair = latest.get(recordId);
        return byPair == null ? null : byPair.values().stream()
                .max(java.util.Comparator.comparingLong(Origin::landedAt)).orElse(null);
    }

    private static String line(String recordId, Origin origin, boolean sent) {
        ObjectNode node = node(recordId, origin);
        if (sent) {
            node.put("sent", true);
        }
        return node.toString();
    }

    /** A landed write's line, with when it was sent where that is known. */
    private String landedLine(String recordId, Origin origin) {
        ObjectNode node = node(recordId, origin);
        Long sent = sentAt.getOrDefault(recordId, Map.of()).get(origin.pair());
        if (sent != null) {
            node.put("sentAt", sent);
        }
        return node.toString();
    }

    private static ObjectNode node(String recordId, Origin origin) {
        return JSON.createObjectNode().put("record", recordId).put("pair", origin.pair())
                .put("status", origin.status()).put("itemId", origin.itemId()).put("bucket", origin.bucket())
                .put("at", origin.at()).put("landedAt", origin.landedAt());
    }

    /**
     * Statuses a pair's write is about to send to these leads, journaled before it is sent (their {@code landedAt}
     * the time of sending): if the answer never comes (a crash with the write in flight), a lead found with that
     * status since still has its origin (three-pair campaign :315: else the write, landed, was taken for a
     * person's edit at the time it landed, and beat a later move of another pair's item).
     */
    public synchronized void sending(Map<String, Origin> written) {
        readLater.fresh();
        if (written.isEmpty()) {
            return;
        }
        journal.append(written.entrySet().stream().map(e -> line(e.getKey(), e.getValue(), true)).toList());
        written.forEach((record, origin) -> put(unanswered, record, origin));
    }

    @Override
    public synchronized void landed(Map<String, Origin> written) {
        readLater.fresh();
        if (written.isEmpty()) {
            return;
        }
        written.forEach(this::put);
        Collection<String> lines = written.entrySet().stream().map(e -> landedLine(e.getKey(), e.getValue()))
                .toList();
        journal.append(lines);
    }

    private static String supersededLine(String recordId, Reading reading) {
        return JSON.createObjectNode().put("record", recordId).put("supersededAt", reading.at())
                .put("status", reading.status()).toString();
    }

    private void addReading(String recordId, Reading reading) {
        List<Reading> readings = superseded.computeIfAbsent(recordId, id -> new java.util.ArrayList<>());
        readings.add(reading);
        if (readings.size() > READINGS_KEPT) {
            readings.remove(0);
        }
    }

    /**
     * Whether a read after this origin landed (or was sent) showed the lead with another status: the origin no
     * longer explains the lead's status, even if that status is back (set again by a person). A read showing the
     * origin's own status (one that superseded an older write of another status) leaves it alone.
     */
    private boolean outdated(String recordId, Origin origin) {
        return superseded.getOrDefault(recordId, List.of()).stream()
                .anyMatch(r -> r.at() > origin.landedAt() && !origin.status().equals(r.status()));
    }

    /**
     * The origin of the lead's status: the write that landed last, while no read since showed another status (the
     * lead's modification time alone cannot tell: any field's edit moves it); else a write sent whose answer never
     * came, with that status, sent up to {@link #UNANSWERED_MILLIS} before the lead changed.
     */
    @Override
    public synchronized Origin of(String recordId, String status, long leadModified) {
        readLater.fresh();
        Origin origin = newest(recordId);
        if (origin != null && origin.status().equals(status) && !outdated(recordId, origin)) {
            return origin;
        }
        Origin concurrent = concurrentWith(recordId, origin, status, leadModified);
        if (concurrent != null) {
            return concurrent;
        }
        Map<String, Origin> sent = unanswered.getOrDefault(recordId, Map.of());
        return sent.values().stream().filter(o -> o.status().equals(status) && !outdated(recordId, o)
                && leadModified >= o.landedAt() - CLOCK_SKEW_MILLIS && leadModified <= o.landedAt() + UNANSWERED_MILLIS)
                .max(java.util.Comparator.comparingLong(Origin::landedAt)).orElse(null);
    }

    /**
     * Another pair's write of {@code status} that was answered after the newest write was sent: the two were in
     * flight together, and the service may have applied either last (the order of the answers is not the order in
     * which the service applied them). Three-pair campaign :630: the clickup pair's NEW was applied 4 ms after the
     * trello pair's QUALIFIED but answered 2 ms before it, so the lead's NEW was taken for a person's edit and beat
     * the later card move. The lead must not have been modified since (a person setting that status later is a
     * person's edit).
     */
    private Origin concurrentWith(String recordId, Origin newest, String status, long leadModified) {
        Long newestSent = newest == null ? null : sentAt.getOrDefault(recordId, Map.of()).get(newest.pair());
        if (newestSent == null) {
            return null;
        }
        return latest.get(recordId).values().stream().filter(o -> o != newest && o.status().equals(status)
                        && o.landedAt() >= newestSent && leadModified <= o.landedAt() + CLOCK_SKEW_MILLIS
                        && !outdated(recordId, o))
                .max(java.util.Comparator.comparingLong(Origin::landedAt)).orElse(null);
    }

    @Override
    public synchronized boolean supersededBy(String recordId, String status, long changedBy) {
        readLater.fresh();
        Origin newest = newest(recordId);
        boolean landed = newest != null && !newest.status().equals(status) && newest.landedAt() < changedBy
                && !outdated(recordId, newest);
        return landed || unanswered.getOrDefault(recordId, Map.of()).values().stream().anyMatch(o ->
                !o.status().equals(status) && o.landedAt() < changedBy && !outdated(recordId, o));
    }

    @Override
    public synchronized void superseded(String recordId, String status, long changedBy) {
        readLater.fresh();
        Reading reading = new Reading(changedBy, status);
        journal.append(List.of(supersededLine(recordId, reading)));
        addReading(recordId, reading);
    }

    @Override
    public synchronized boolean setAgainSince(String recordId, String pair, String status, long syncedLeadModified) {
        readLater.fresh();
        Origin origin = newest(recordId);
        return origin != null && !origin.pair().equals(pair) && !origin.status().equals(status)
                && origin.landedAt() > syncedLeadModified;
    }

    /** leadsync wrote these leads (a status, a link field), answered {@code at}. */
    public synchronized void wrote(Collection<String> recordIds, long at) {
        for (String recordId : recordIds) {
            if (recordId == null) {
                continue; // a lead Airtable refused on its own: not written
            }
            java.util.Deque<Long> times = ownWrites.computeIfAbsent(recordId, id -> new java.util.ArrayDeque<>());
            times.addLast(at);
            if (times.size() > OWN_WRITES_KEPT) {
                times.removeFirst();
            }
        }
    }

    @Override
    public synchronized boolean ownWriteAt(String recordId, long modifiedAt) {
        return ownWrites.getOrDefault(recordId, new java.util.ArrayDeque<>()).stream()
                .anyMatch(at -> modifiedAt <= at && modifiedAt >= at - CLOCK_SKEW_MILLIS);
    }

    @Override
    public synchronized Origin own(String recordId, String pair) {
        readLater.fresh();
        Map<String, Origin> byPair = latest.get(recordId);
        return byPair == null ? null : byPair.get(pair);
    }
}
