package io.leadsync.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.mapping.ItemTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every conflict and every deletion decision, with both values and the outcome, and every change applied (who
 * changed what, before -> after, which rule decided), in {@code audit.jsonl}, one JSON object per line. Lines of
 * older versions lack the fields added since; readers take a missing field as unknown. The operator's pages read
 * only the file's last {@value #TAIL_MB} MB ({@link #newest}): the newest entries, never the whole file. Entries
 * older than {@code leadsync.audit.keep-days} are dropped at start-up, so the trail does not grow for ever.
 */
public final class AuditLog {

    static final int TAIL_MB = 5;

    /**
     * A change applied to one side, one field of it (field null: the change as a whole, a create or an archive).
     *
     * @param event  created, moved, updated, archived, unlinked, status-written, ids-written
     * @param before the value as last synced (the shadow), null when unknown or new
     * @param who    whose edit the change carries over: "airtable", the tracker ("trello", "clickup"), or
     *               "leadsync" (its own bookkeeping: a duplicate it made, ids written back)
     * @param rule   what decided the value: the status mapping, the item template, a mapped field, ...
     */
    public record Applied(String event, String record, String item, String field, String before, String after,
                          String who, String rule) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;
    /** Conflicts recorded per pair, in the whole file: the dashboard's count, without reading the file again. */
    private final Map<String, Integer> conflicts = new ConcurrentHashMap<>();

    /** An audit log that keeps every entry. */
    public AuditLog(String dataDir, Clock clock) {
        this(new FileStateStorage(dataDir), clock, Duration.ZERO);
    }

    /** @param keep how long entries are kept (dropped at start-up once older); zero: for ever */
    public AuditLog(StateStorage storage, Clock clock, Duration keep) {
        this.clock = clock;
        this.journal = storage.journal("audit.jsonl");
        Instant cutoff = clock.instant().minus(keep);
        // the load repairs a line torn by a crash, so the next event starts on a clean line
        List<String> lines = journal.load();
        int expired = 0;
        while (!keep.isZero() && expired < lines.size() && writtenBefore(lines.get(expired), cutoff)) {
            expired++;
        }
        if (expired > 0) { // read again only then: the storage drops what has expired by then
            int dropped = journal.dropOldest(line -> writtenBefore(line, cutoff));
            if (dropped > 0) { // none: another node dropped them first
                LOG.info("audit: {} entr{} older than {} days dropped from {} (leadsync.audit.keep-days)", dropped,
                        dropped == 1 ? "y" : "ies", keep.toDays(), journal.name());
            }
        }
        for (String line : lines.subList(expired, lines.size())) {
            if (line.contains("\"conflict\"")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if ("conflict".equals(node.path("event").asText())) {
                        conflicts.merge(node.path("pair").asText(), 1, Integer::sum);
                    }
                } catch (IOException e) {
                    // not counted: a damaged line
                }
            }
        }
    }

    /**
     * True for an entry written before the cutoff, as its "time" (each entry's first field) says; a line without a
     * readable time (damaged, or written by hand) is not taken for an old one: it and everything after it stay.
     */
    static boolean writtenBefore(String line, Instant cutoff) {
        String prefix = "{\"time\":\"";
        int end = line.indexOf('"', prefix.length());
        if (!line.startsWith(prefix) || end < 0) {
            return false;
        }
        try {
            return Instant.parse(line.substring(prefix.length(), end)).isBefore(cutoff);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** How many conflicts the pair had (in the entries kept). */
    public int conflicts(String pair) {
        return conflicts.getOrDefault(pair, 0);
    }

    /** @param origin who set the Airtable value when another pair did (not a person's edit), else null */
    public void conflict(String pair, String record, String field, String airtableValue, String trackerValue,
                         String policy, String winner, String origin) {
        LOG.info("conflict on {} of {}: Airtable '{}'{} vs tracker '{}' -> {} wins ({})", field, record,
                ItemTemplate.shown(airtableValue), origin == null ? "" : " (set by " + origin + ")",
                ItemTemplate.shown(trackerValue), winner, policy);
        ObjectNode entry = JSON.createObjectNode().put("time", clock.instant().toString()).put("event", "conflict")
                .put("pair", pair).put("record", record).put("field", field).put("airtable", airtableValue)
                .put("tracker", trackerValue).put("policy", policy).put("winner", winner);
        if (origin != null) {
            entry.put("origin", origin);
        }
        journal.append(entry.toString());
        conflicts.merge(pair, 1, Integer::sum);
    }

    /** Changes applied, one entry per field changed; logged at DEBUG only (the push logs each change already). */
    public void applied(String pair, List<Applied> changes) {
        for (Applied c : changes) {
            LOG.debug("{} {} {}: '{}' -> '{}' ({}, {})", c.event(), c.record(), c.field(), c.before(), c.after(),
                    c.who(), c.rule());
            ObjectNode entry = JSON.createObjectNode().put("time", clock.instant().toString())
                    .put("event", c.event()).put("pair", pair).put("record", c.record()).put("item", c.item())
                    .put("field", c.field()).put("before", c.before()).put("after", c.after()).put("who", c.who())
                    .put("rule", c.rule());
            journal.append(entry.toString());
        }
    }

    /**
     * The pair's newest entries first, at most {@code limit}, that {@code keep} accepts, from the file's last
     * {@value #TAIL_MB} MB.
     */
    public List<JsonNode> newest(String pair, Predicate<JsonNode> keep, int limit) {
        List<String> lines = journal.tail((long) TAIL_MB << 20);
        List<JsonNode> out = new ArrayList<>();
        String ofPair = "\"pair\":" + JSON.getNodeFactory().textNode(pair); // as the entries are written
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (!lines.get(i).contains(ofPair)) {
                continue; // another pair's: not parsed
            }
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                if (pair.equals(node.path("pair").asText()) && keep.test(node)) {
                    out.add(node);
                }
            } catch (IOException e) {
                // a damaged line is left out of what the pages show; the file keeps it for people
            }
        }
        return out;
    }

    /**
     * An entry that mentions {@code text} (case-insensitive) in its lead, item, field or values; every entry for a
     * blank text.
     */
    public static Predicate<JsonNode> mentioning(String text) {
        if (text == null || text.isBlank()) {
            return node -> true;
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return node -> {
            for (String key : List.of("record", "item", "field", "before", "after", "airtable", "tracker", "detail",
                    "event")) {
                if (node.path(key).asText("").toLowerCase(Locale.ROOT).contains(wanted)) {
                    return true;
                }
            }
            return false;
        };
    }

    public void event(String pair, String record, String event, String detail) {
        LOG.info("{} {}: {}", event, record, detail);
        journal.append(JSON.createObjectNode().put("time", clock.instant().toString()).put("event", event)
                .put("pair", pair).put("record", record).put("detail", detail).toString());
    }
}
