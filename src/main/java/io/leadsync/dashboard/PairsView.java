package io.leadsync.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.sync.SafetyRail;
import org.apache.camel.Header;

/**
 * What the dashboard shows of each pair (GET /api/pairs), and its dead letters and hold, bound as
 * {@code pairsView}; maps the routes (routes/dashboard-api.camel.yaml) marshal to JSON. A pair's entry is what it
 * connects, whether it is enabled, connected and paused, and its counts (dead letters held back, conflicts
 * recorded, removals held), merged with the parts {@code more} adds for it (its health, change detection, items,
 * runs and budget: io.leadsync.observe).
 */
public final class PairsView {

    /** At most this many dead letters are listed, newest first. */
    static final int DEAD_LETTERS_SHOWN = 200;

    private final PairDirectory pairs;
    private final AuditLog audit;
    private final DeadLetterStore deadLetters;
    private final Function<String, Map<String, Object>> more;

    /** @param more the other parts of a pair's entry, by pair name (empty: none) */
    public PairsView(PairDirectory pairs, AuditLog audit, DeadLetterStore deadLetters,
                     Function<String, Map<String, Object>> more) {
        this.pairs = pairs;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.more = more;
    }

    /** {"pairs":[...]}, by name. */
    public Map<String, Object> pairs() {
        return Map.of("pairs", pairs.all().stream().map(this::entry).toList());
    }

    private Map<String, Object> entry(PairControls pair) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", pair.name());
        entry.put("tracker", pair.tracker());
        entry.put("describes", pair.describes());
        entry.put("enabled", pair.enabled());
        entry.put("connected", pair.sync().connected());
        entry.put("paused", pair.cadence().paused());
        SafetyRail.PendingHold hold = pair.sync().rail().pendingHold();
        entry.put("counts", Map.of("deadLetters", deadLetters.quarantined(pair.name()),
                "conflicts", audit.conflicts(pair.name()), "holds", hold == null ? 0 : hold.removals().size()));
        entry.putAll(more.apply(pair.name()));
        return entry;
    }

    /**
     * {"deadLetters":[{"id","time","record","reason","quarantined"}]}, newest first: the records held back now (until
     * they change or an operator retries them); a retried one leaves the list, and comes back if it fails again. A
     * failure retried by itself (a 5xx, a timeout) is not listed: the run history counts it.
     */
    public Map<String, Object> deadLetters(@Header("pair") String pair) {
        String name = pairs.pair(pair).name();
        List<Map<String, Object>> entries = deadLetters.entries(name, Integer.MAX_VALUE).stream()
                .filter(DeadLetterStore.Entry::quarantined).limit(DEAD_LETTERS_SHOWN).map(d -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", d.id());
            e.put("time", d.time());
            e.put("record", d.record());
            e.put("reason", d.reason());
            e.put("quarantined", d.quarantined());
            return e;
        }).toList();
        return Map.of("deadLetters", entries);
    }

    /** {"hold": null | {"id","since","summary","removals":[{"record","item","action"}]}}. */
    public Map<String, Object> hold(@Header("pair") String pair) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hold", pairs.pair(pair).sync().rail().pendingHold());
        return out;
    }
}
