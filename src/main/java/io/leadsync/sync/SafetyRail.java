package io.leadsync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.state.FileStateStorage;
import io.leadsync.state.StateDocument;
import io.leadsync.state.StateStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rail against mass damage: one cycle of a pair may unlink, archive or re-status at most
 * {@code leadsync.safety.max-removals} of its leads and items (the count and the share of the pair's links must
 * both be exceeded to stop it). Beyond that the removals are <em>held</em>: journaled in
 * {@code <data>/<pair>-hold.json}, reported by one ERROR line per cycle, applied (each planned again from a
 * fresh full read, so one that no longer applies is dropped) once a person writes the hold's id into
 * {@code <data>/<pair>-approve}, or dropped for good through {@code <data>/<pair>-discard}. Both requests are
 * one-shot: the file is consumed. The dashboard's Approve and Discard ({@link #approve}, {@link #discard}) take the
 * same path. Everything that is not a held removal keeps syncing.
 */
public final class SafetyRail {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyRail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a removal does; how many of each a hold has is what its ERROR line reports. */
    public enum RemovalKind {
        ITEM_GONE("unlink %d lead(s) whose item is gone (archived or deleted in the tracker)"),
        ARCHIVE("archive %d item(s) whose lead's status maps to no item"),
        ARCHIVE_DELETED("archive %d item(s) of lead(s) deleted in Airtable"),
        ARCHIVE_DUPLICATE("archive %d item(s) that repeat the marker of a lead linked to another item"),
        ARCHIVE_FILTERED("archive %d item(s) whose lead left the record filter");

        private final String what;

        RemovalKind(String what) {
            this.what = what;
        }
    }

    /**
     * One removal a cycle planned, with what it adds to the cycle (a push, a lead write, a link update, its
     * audit entry): added only when the rail lets the removal through.
     */
    public record Removal(RemovalKind kind, String recordId, String itemId, Effects effects) {
        String key() {
            return kind + "|" + recordId + "|" + itemId;
        }
    }

    /** A cycle is held when its removals exceed both the count and the percentage of the pair's links. */
    public record Limits(int count, int percent) {
        boolean exceeded(int removals, int links) {
            return removals > count && removals * 100L > (long) percent * links;
        }
    }

    /** The pending hold as an operator's page shows it: one entry per held removal. */
    public record PendingHold(String id, String since, String summary, List<HeldRemoval> removals) {
    }

    /** @param action what the removal does: item-gone, archive, archive-deleted, archive-duplicate, archive-filtered */
    public record HeldRemoval(String record, String item, String action) {
    }

    /** @param since when it was first held (ISO-8601); null for a hold an older leadsync journaled */
    private record Hold(String id, List<String> keys, int links, String since) {
        int count(RemovalKind kind) {
            return (int) keys.stream().filter(k -> k.startsWith(kind + "|")).count();
        }
    }

    private final String tracker;
    private final Limits limits;
    private final StateDocument store;
    private final Path approveFile;
    private final Path discardFile;
    private Hold pending;
    private Hold approved;
    private final Set<String> discarded = new TreeSet<>();
    private boolean approvalApplied;

    /** @param tracker the tracker as logs name it ("Trello board 'Work Tracker'") */
    private final Clock clock;

    public SafetyRail(String pair, String tracker, String dataDir, Limits limits, Clock clock) {
        this(pair, tracker, new FileStateStorage(dataDir), dataDir, limits, clock);
    }

    /** The hold is kept in {@code storage}; the operator's requests are files in {@code dataDir}, written by hand. */
    public SafetyRail(String pair, String tracker, StateStorage storage, String dataDir, Limits limits, Clock clock) {
        this.tracker = tracker;
        this.clock = clock;
        this.limits = limits;
        this.store = new StateDocument(storage, pair + "-hold.json");
        this.approveFile = Path.of(dataDir, pair + "-approve");
        this.discardFile = Path.of(dataDir, pair + "-discard");
        reload();
    }

    /** Reads the hold again from the storage (a node that becomes the pair's leader sees the previous one's). */
    public synchronized void reload() {
        JsonNode doc = store.load();
        pending = doc == null ? null : hold(doc.get("hold"));
        approved = doc == null ? null : hold(doc.get("approved"));
        discarded.clear();
        if (doc != null) {
            doc.path("discarded").forEach(k -> discarded.add(k.asText()));
        }
    }

    /** Takes an approval or a discard a person left in the data directory (each file is consumed). */
    public synchronized void readRequests() {
        String approve = take(approveFile);
        if (approve != null && matches(approve, approveFile)) {
            approve(approve);
        }
        String discard = take(discardFile);
        if (discard != null && matches(discard, discardFile)) {
            discard(discard);
        }
        deleteQuietly(approveFile, approve);
        deleteQuietly(discardFile, discard);
    }

    /**
     * Approves the pending hold of that id: its removals are applied by the next cycle (a full read), each one only
     * if it still applies. False when no pending hold has that id.
     */
    public synchronized boolean approve(String id) {
        if (pending == null || !pending.id().equals(id)) {
            return false;
        }
        approved = pending;
        pending = null;
        save();
        LOG.warn("hold {} approved: its {} removal(s) are applied in the next cycle, each one only if it "
                + "still applies", approved.id(), approved.keys().size());
        return true;
    }

    /** Discards the pending hold of that id: its removals are dropped for good. False when none has that id. */
    public synchronized boolean discard(String id) {
        if (pending == null || !pending.id().equals(id)) {
            return false;
        }
        discarded.addAll(pending.keys());
        LOG.warn("hold {} discarded: its {} removal(s) are dropped; those leads and items are left as they "
                + "are until they change", pending.id(), pending.keys().size());
        pending = null;
        save();
        return true;
    }

    /** The pending hold, or null when nothing is held. */
    public synchronized PendingHold pendingHold() {
        if (pending == null) {
            return null;
        }
        List<HeldRemoval> removals = pending.keys().stream().map(key -> key.split("\\|", 3))
                .map(k -> new HeldRemoval(k[1], "null".equals(k[2]) ? null : k[2],
                        k[0].toLowerCase(java.util.Locale.ROOT).replace('_', '-')))
                .toList();
        return new PendingHold(pending.id(), pending.since(), "would " + String.join(", ", what()), removals);
    }

    private boolean matches(String request, Path file) {
        if (pending != null && pending.id().equals(request)) {
            return true;
        }
        LOG.warn("{} names hold '{}', but {}: nothing done", file, request,
                pending == null ? "no hold is pending" : "the pending hold is " + pending.id());
        return false;
    }

    /** True while an approved hold waits to be applied: that takes a full read of both sides. */
    public synchronized boolean fullReadWanted() {
        return approved != null;
    }

    /** How many removals the pending hold holds back (0 when none is pending). */
    public synchronized int held() {
        return pending == null ? 0 : pending.keys().size();
    }

    /** True while removals are held (the pair's ERROR line is repeated once per cycle). */
    public synchronized boolean holding() {
        return pending != null;
    }

    /**
     * Decides which of a cycle's removals go through and holds the others; reports a pending hold (one ERROR line).
     *
     * @param links    the pair's linked items before this cycle
     * @param complete whether this cycle read both sides completely: only then is a removal that is no longer
     *                 planned known to no longer apply
     */
    public synchronized List<Removal> filter(List<Removal> planned, int links, boolean complete) {
        RailDecision verdict = judge(planned, links, complete);
        if (verdict.applying() && !approvalApplied) {
            approvalApplied = true;
            List<String> stale = approved.keys().stream().filter(k -> !verdict.planned().contains(k)).toList();
            LOG.warn("applying approved hold {}: {} removal(s){}", approved.id(), verdict.approvedAllowed(),
                    stale.isEmpty() ? "" : "; " + stale.size() + " no longer apply (the lead or item changed) and are "
                            + "dropped: " + stale.subList(0, Math.min(10, stale.size())));
        }
        boolean changed = complete && discarded.retainAll(verdict.planned());
        Set<String> held = verdict.held();
        Hold next = held.isEmpty() ? null : pending != null && pending.keys().equals(List.copyOf(held)) ? pending
                : new Hold(ChangeKeys.digest(String.join(";", held)).substring(0, 8), List.copyOf(held), links,
                        pending != null ? pending.since() : clock.instant().toString());
        if (next != pending) {
            if (next == null) {
                LOG.warn("hold {} no longer applies: none of its removals is planned any more", pending.id());
            }
            pending = next;
            changed = true;
        }
        if (changed) {
            save();
        }
        if (pending != null) {
            LOG.error(report());
        }
        return verdict.allowed();
    }

    /**
     * What {@link #filter} would decide, for a dry run: nothing is journaled, logged or used up.
     *
     * @return the removals it would let through, and how many it would hold (those it holds already included)
     */
    public synchronized Judgement wouldFilter(List<Removal> planned, int links, boolean complete) {
        RailDecision verdict = judge(planned, links, complete);
        return new Judgement(verdict.allowed(), verdict.held().size());
    }

    /** A dry run's view of the rail: the removals it would let through, and how many it would hold. */
    public record Judgement(List<Removal> allowed, int held) {
    }

    /**
     * The rail's decision on a cycle's removals, without acting on it.
     *
     * @param planned         the keys of the removals planned
     * @param approvedAllowed how many of the allowed removals an approved hold lets through
     */
    private record RailDecision(List<Removal> allowed, TreeSet<String> held, boolean applying, Set<String> planned,
                           int approvedAllowed) {
    }

    private RailDecision judge(List<Removal> planned, int links, boolean complete) {
        Map<String, Removal> byKey = new LinkedHashMap<>();
        planned.forEach(r -> byKey.putIfAbsent(r.key(), r));
        boolean applying = approved != null && complete;
        List<Removal> allowed = new ArrayList<>();
        List<Removal> candidates = new ArrayList<>();
        for (Removal r : byKey.values()) {
            if (discarded.contains(r.key()) || approved != null && !complete && approved.keys().contains(r.key())) {
                continue; // dropped by a person; or approved, and applied by the full read that comes next
            }
            (applying && approved.keys().contains(r.key()) ? allowed : candidates).add(r);
        }
        int approvedAllowed = allowed.size();
        // while a hold is pending, what it holds counts too (a mass removal seen over several cycles stays held);
        // a complete read plans again whatever of it still applies
        Set<String> before = pending == null ? Set.of() : Set.copyOf(pending.keys());
        Set<String> counted = new HashSet<>(complete ? Set.of() : before);
        candidates.forEach(r -> counted.add(r.key()));
        boolean over = limits.exceeded(counted.size(), links);
        TreeSet<String> held = new TreeSet<>(complete ? Set.of() : before);
        for (Removal r : candidates) {
            if (over || !complete && before.contains(r.key())) {
                // a partial read cannot tell how much of the hold still applies: what it holds stays held
                held.add(r.key());
            } else {
                allowed.add(r);
            }
        }
        return new RailDecision(allowed, held, applying, byKey.keySet(), approvedAllowed);
    }

    /** The end of a cycle: an approval it applied is used up. */
    public synchronized void cycleCompleted() {
        if (approvalApplied) {
            approved = null;
            approvalApplied = false;
            save();
        }
    }

    /** The removals the pending hold holds, by kind, with their numbers. */
    private Map<RemovalKind, Integer> counts() {
        Map<RemovalKind, Integer> counts = new EnumMap<>(RemovalKind.class);
        for (RemovalKind kind : RemovalKind.values()) {
            if (pending.count(kind) > 0) {
                counts.put(kind, pending.count(kind));
            }
        }
        return counts;
    }

    /** What the pending hold would do: "unlink 3 lead(s) whose item is gone ...", one per kind. */
    private List<String> what() {
        List<String> what = new ArrayList<>();
        counts().forEach((kind, n) -> what.add(String.format(kind.what, n)));
        return what;
    }

    private String report() {
        List<String> what = what();
        List<String> why = new ArrayList<>();
        counts().forEach((kind, n) -> {
            why.add(switch (kind) {
                case ITEM_GONE -> n + " of " + pending.links() + " linked items are gone from " + tracker
                        + " — replaced or emptied, or a token for another account?";
                case ARCHIVE -> n + " lead(s) now have a status that maps to no item — a mapping edit, or statuses "
                        + "changed in bulk?";
                case ARCHIVE_DELETED -> n + " of " + pending.links() + " linked leads are gone from the Airtable "
                        + "table — emptied or replaced, or a token for another base?";
                case ARCHIVE_DUPLICATE -> n + " item(s) carry the marker of a lead linked to another item — "
                        + "cards copied in bulk, or a board merged into this one?";
                case ARCHIVE_FILTERED -> n + " of " + pending.links() + " linked leads left the record filter — "
                        + "a filter edit, or the field it reads changed in bulk?";
            });
        });
        return "HOLDING " + pending.keys().size() + " removal(s): this cycle would "
                + String.join(", ", what) + ". Why: " + String.join("; ", why) + " (more than "
                + "leadsync.safety.max-removals=" + limits.count() + " and leadsync.safety.max-removals-percent="
                + limits.percent() + "). Everything else keeps syncing. To apply exactly these once: echo "
                + pending.id() + " > " + approveFile + " ; to drop them: echo " + pending.id() + " > " + discardFile;
    }

    private void save() {
        if (pending == null && approved == null && discarded.isEmpty()) {
            store.save(null);
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.set("hold", json(pending));
        doc.set("approved", json(approved));
        doc.set("discarded", JSON.valueToTree(discarded));
        store.save(doc);
    }

    private static JsonNode json(Hold hold) {
        return hold == null ? null : JSON.valueToTree(hold);
    }

    private static Hold hold(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        node.path("keys").forEach(k -> keys.add(k.asText()));
        return new Hold(node.path("id").asText(), keys, node.path("links").asInt(), node.path("since").asText(null));
    }

    /** The request in the file (its first word, letters and digits only), or null when there is none. */
    private static String take(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return null; // still being written (`echo id > file` creates it empty first): read next cycle
            }
            String word = text.split("\\s+")[0];
            return word.replaceAll("[^A-Za-z0-9]", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void deleteQuietly(Path file, String request) {
        if (request == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} ({}); remove it by hand", file, e.getMessage());
        }
    }
}
