package io.leadsync.bench;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API calls the emulators counted over a window of a pair relying on its webhooks, each put down to what made
 * it: a cycle's reads go to the cycle that logged next ({@link #cycle}: a timed incremental cycle is a safety poll,
 * a full one the reconciliation), the webhooks' list, create, refresh, update and delete calls to the upkeep, and
 * the rest (Airtable's payload listings after a ping, anything outside a cycle) to "other". The emulators count
 * per endpoint; the ledger works on snapshots of those counts ("Airtable" -> "GET /v0/{baseId}/{table}" -> 12), so
 * it needs no reset and no clock.
 */
final class CallLedger {

    enum Cause { SAFETY_POLLS, UPKEEP, RECONCILIATION, OTHER }

    private final Map<String, Integer> opened;
    private Map<String, Integer> mark;
    private final Map<Cause, Map<String, Integer>> calls = new EnumMap<>(Cause.class);
    private int polls;
    private int reconciliations;

    /** Opens the window at the emulators' counts now. */
    CallLedger(Map<String, Map<String, Integer>> counts) {
        opened = flat(counts);
        mark = opened;
        for (Cause cause : Cause.values()) {
            calls.put(cause, new LinkedHashMap<>());
        }
    }

    /**
     * A webhook's own management (list, create, refresh, update, delete): the upkeep's. A payload listing is not:
     * a ping asks for it.
     */
    static boolean upkeepEndpoint(String endpoint) {
        return endpoint.contains("webhook") && !endpoint.endsWith("/payloads");
    }

    private static boolean payloadEndpoint(String endpoint) {
        return endpoint.contains("webhook") && endpoint.endsWith("/payloads");
    }

    /**
     * The pair logged the end of a cycle's reads ({@code full}: a full cycle): the reads since the previous cycle
     * (the emulators' {@code counts} now) were this cycle's.
     */
    synchronized void cycle(boolean full, Map<String, Map<String, Integer>> counts) {
        Map<String, Integer> now = flat(counts);
        Cause cause = full ? Cause.RECONCILIATION : Cause.SAFETY_POLLS;
        Map<String, Integer> next = new LinkedHashMap<>(mark);
        now.forEach((endpoint, n) -> {
            if (upkeepEndpoint(endpoint) || payloadEndpoint(endpoint)) {
                return;
            }
            int since = n - mark.getOrDefault(endpoint, 0);
            if (since > 0) {
                calls.get(cause).merge(endpoint, since, Integer::sum);
            }
            next.put(endpoint, n);
        });
        mark = next;
        if (full) {
            reconciliations++;
        } else {
            polls++;
        }
    }

    /** Closes the window at the emulators' {@code counts} now: what no cycle read is the upkeep's or other. */
    synchronized void close(Map<String, Map<String, Integer>> counts) {
        flat(counts).forEach((endpoint, n) -> {
            int inWindow = n - opened.getOrDefault(endpoint, 0);
            int byCycles = calls.get(Cause.SAFETY_POLLS).getOrDefault(endpoint, 0)
                    + calls.get(Cause.RECONCILIATION).getOrDefault(endpoint, 0);
            int rest = inWindow - byCycles;
            if (rest > 0) {
                calls.get(upkeepEndpoint(endpoint) ? Cause.UPKEEP : Cause.OTHER).merge(endpoint, rest, Integer::sum);
            }
        });
    }

    synchronized int calls(Cause cause) {
        return calls.get(cause).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The calls of one cause per endpoint, by name: "12 x Airtable GET /v0/{baseId}/{table}, ...", or "none". */
    synchronized String describe(Cause cause) {
        return Benchmark.describe(new TreeMap<>(calls.get(cause)), 1);
    }

    /** Timed incremental cycles (safety polls) logged in the window. */
    synchronized int polls() {
        return polls;
    }

    /** Full cycles logged in the window. */
    synchronized int reconciliations() {
        return reconciliations;
    }

    private static Map<String, Integer> flat(Map<String, Map<String, Integer>> counts) {
        Map<String, Integer> flat = new LinkedHashMap<>();
        counts.forEach((service, endpoints) -> endpoints.forEach((endpoint, n) -> flat.put(service + " " + endpoint, n)));
        return flat;
    }
}
