package io.leadsync.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The journals that hold the sync pairs' state: each pair's links and cursors ({@link LinkStore}), whether it is
 * paused ({@link PauseFlag}), the applied-change keys ({@link DurableIdempotentRepository}), the dead letters
 * ({@link DeadLetterStore}), the audit log ({@link AuditLog}), the statuses pairs wrote ({@link StatusOriginJournal})
 * and the safety rail's hold ({@code io.leadsync.sync.SafetyRail}); the rail's requests ({@code <pair>-approve},
 * {@code <pair>-discard}) are files an operator writes by hand. Starting the sandbox afresh deletes them with it,
 * and --migrate-state copies them: a new state journal belongs in this list.
 */
public final class PairStateFiles {

    private static final String LINKS = "-links.jsonl";

    private PairStateFiles() {
    }

    /** The names of the state journals of these pairs and of those every pair shares. */
    public static List<String> of(Collection<String> pairs) {
        List<String> names = new ArrayList<>();
        pairs.forEach(p -> names.addAll(List.of(links(p), p + "-hold.json", p + "-paused")));
        names.addAll(List.of("applied-changes.log", "dead-letters.jsonl", "audit.jsonl", StatusOriginJournal.FILE));
        return names;
    }

    /** The pairs that have a link journal (a pair's file may be gone from routes/). */
    public static List<String> pairsIn(StateStorage storage) {
        return storage.journals().stream()
                .filter(n -> n.endsWith(LINKS) && n.length() > LINKS.length())
                .map(n -> n.substring(0, n.length() - LINKS.length())).sorted().toList();
    }

    /** The state journals {@code storage} holds, of every pair with links there and of those every pair shares. */
    public static List<String> heldIn(StateStorage storage) {
        List<String> held = storage.journals();
        return of(pairsIn(storage)).stream().filter(held::contains).toList();
    }

    /** Whether any pair has a link stored. */
    public static boolean anyLinks(StateStorage storage, Collection<String> pairs) {
        List<String> kept = storage.journals();
        for (String pair : pairs) {
            if (kept.contains(links(pair))) {
                try (LinkStore links = new LinkStore(storage, pair, false)) {
                    if (links.size() > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static String links(String pair) {
        return pair + LINKS;
    }

    /** Deletes the pairs' state, the state every pair shares and the rail's requests; returns what existed. */
    public static List<String> delete(StateStorage storage, Collection<String> pairs) {
        List<String> names = new ArrayList<>(of(pairs));
        pairs.forEach(p -> names.addAll(List.of(p + "-approve", p + "-discard")));
        return storage.delete(names);
    }
}
