package io.leadsync.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that could not be synced, with the reason, in {@code dead-letters.jsonl} (one JSON object per line,
 * for people and tools). A change rejected for a reason that retrying cannot fix (bad data, an unmapped
 * status) is quarantined: it is not tried again until the record changes at its source, or an operator retries it
 * (released: a line {@code {"released": <id>, ...}} journals that, so a restart keeps it released). Each entry's id
 * is a digest of its line's content: the same after a restart.
 */
public final class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How much of the file's end the operator's pages read: its newest entries, never the whole file. */
    static final long TAIL_BYTES = 5L << 20;

    /** One dead letter as the operator's pages show it; {@code quarantined}: held back still (not released). */
    public record Entry(String id, String time, String pair, String record, long sourceModified, String reason,
                        boolean quarantined) {
    }

    private final Journal journal;
    private final Clock clock;
    private final Set<String> quarantined = new HashSet<>();
    private final Map<String, Integer> byPair = new HashMap<>();
    private final ReadOnNextUse readLater = new ReadOnNextUse(this::read);

    public DeadLetterStore(String dataDir, Clock clock) {
        this(new FileStateStorage(dataDir), clock);
    }

    public DeadLetterStore(StateStorage storage, Clock clock) {
        this.clock = clock;
        this.journal = storage.journal("dead-letters.jsonl");
        read();
    }

    /**
     * Has the dead letters read again from the storage before they are next used: with shared state, the node that
     * led a pair before quarantined and released its records (a node asks for that when it takes the lead of a pair;
     * a node taking fifty at start-up reads once).
     */
    public synchronized void reload() {
        readLater.reload();
    }

    private void read() {
        quarantined.clear();
        byPair.clear();
        for (String line : journal.load()) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node.has("released")) {
                    quarantined.remove(key(node.path("pair").asText(), node.path("record").asText(),
                            node.path("sourceModified").asLong()));
                    continue;
                }
                if (node.path("quarantined").asBoolean()) {
                    quarantined.add(key(node.path("pair").asText(), node.path("record").asText(),
                            node.path("sourceModified").asLong()));
                }
                byPair.merge(node.path("pair").asText(), 1, Integer::sum);
            } catch (java.io.IOException e) {
                LOG.warn("Skipping unreadable dead-letter line: {}", Journal.printable(line, 120));
            }
        }
    }

    private static String key(String pair, String record, long sourceModified) {
        return pair + "|" + record + "|" + sourceModified;
    }

    /**
     * Logs and stores one rejected record.
     *
     * @param quarantine true when retrying cannot help until the record changes at its source
     */
    public synchronized void record(String pair, String record, long sourceModified, String reason, boolean quarantine) {
        readLater.fresh();
        String key = key(pair, record, sourceModified);
        if (quarantine && !quarantined.add(key)) {
            return; // already reported for this version of the record
        }
        LOG.warn("record {} not synced: {}{}", record, reason,
                quarantine ? " (skipped until the record changes)" : " (will retry next cycle)");
        journal.append(JSON.createObjectNode()
                .put("time", clock.instant().toString())
                .put("pair", pair)
                .put("record", record)
                .put("sourceModified", sourceModified)
                .put("reason", reason)
                .put("quarantined", quarantine)
                .toString());
        byPair.merge(pair, 1, Integer::sum);
    }

    /** The pair's newest dead letters first, at most {@code limit}, from the end of the file. */
    public List<Entry> entries(String pair, int limit) {
        List<Entry> out = new ArrayList<>();
        List<String> lines = journal.tail(TAIL_BYTES);
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            Entry entry = entry(lines.get(i));
            if (entry != null && entry.pair().equals(pair)) {
                out.add(entry);
            }
        }
        return out;
    }

    /**
     * An operator's retry of one dead letter: released from quarantine (journaled), so the next read plans its
     * record again. False when the pair has no dead letter of that id among the newest.
     */
    public boolean release(String pair, String id) {
        for (Entry entry : entries(pair, Integer.MAX_VALUE)) {
            if (entry.id().equals(id)) {
                release(entry);
                return true;
            }
        }
        return false;
    }

    /** An operator's retry of all the pair's dead letters: every quarantined one is released; how many were. */
    public int releaseAll(String pair) {
        List<Entry> held = entries(pair, Integer.MAX_VALUE).stream().filter(Entry::quarantined).toList();
        held.forEach(this::release);
        return held.size();
    }

    private synchronized void release(Entry entry) {
        readLater.fresh();
        if (quarantined.remove(key(entry.pair(), entry.record(), entry.sourceModified()))) {
            journal.append(JSON.createObjectNode()
                    .put("time", clock.instant().toString())
                    .put("pair", entry.pair())
                    .put("record", entry.record())
                    .put("sourceModified", entry.sourceModified())
                    .put("released", entry.id())
                    .toString());
        }
    }

    /** The entry a line holds, or null for a release line or an unreadable one. */
    private Entry entry(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node.has("released")) {
                return null;
            }
            String pair = node.path("pair").asText();
            String record = node.path("record").asText();
            long sourceModified = node.path("sourceModified").asLong();
            return new Entry(id(line), node.path("time").asText(null), pair, record, sourceModified,
                    node.path("reason").asText(), node.path("quarantined").asBoolean()
                            && isQuarantined(pair, record, sourceModified));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String id(String line) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isQuarantined(String pair, String record, long sourceModified) {
        readLater.fresh();
        return quarantined.contains(key(pair, record, sourceModified));
    }

    /** How many of the pair's records are held back now (quarantined, not released). */
    public synchronized int quarantined(String pair) {
        readLater.fresh();
        return (int) quarantined.stream().filter(k -> k.startsWith(pair + "|")).count();
    }

    public synchronized int count() {
        readLater.fresh();
        return byPair.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** How many dead letters the pair has recorded (the file's lines of that pair). */
    public synchronized int count(String pair) {
        readLater.fresh();
        return byPair.getOrDefault(pair, 0);
    }
}
