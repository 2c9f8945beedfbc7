package io.leadsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The files under the data directory that hold the sync pairs' state: each pair's links and cursors
 * ({@link LinkStore}), the applied-change keys ({@link DurableIdempotentRepository}), the dead letters
 * ({@link DeadLetterStore}), the audit log ({@link AuditLog}), the statuses pairs wrote ({@link StatusOriginJournal}) and the safety rail's hold and requests
 * ({@code io.leadsync.sync.SafetyRail}), with the temp files a compaction may leave.
 * Starting the sandbox afresh deletes them with it; a new state file belongs in this list.
 */
public final class PairStateFiles {

    private PairStateFiles() {
    }

    public static List<Path> of(String dataDir, Collection<String> pairs) {
        List<String> names = new ArrayList<>();
        pairs.forEach(p -> names.addAll(List.of(links(p), p + "-hold.json", p + "-approve", p + "-discard")));
        names.addAll(List.of("applied-changes.log", "dead-letters.jsonl", "audit.jsonl", StatusOriginJournal.FILE));
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.add(Path.of(dataDir, name));
            files.add(Path.of(dataDir, name + ".tmp"));
        }
        return files;
    }

    /** The pairs that have a link journal in the data directory (a pair's file may be gone from routes/). */
    public static List<String> pairsIn(String dataDir) {
        String suffix = links("");
        try (java.util.stream.Stream<Path> files = Files.list(Path.of(dataDir))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix) && n.length() > suffix.length())
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dataDir, e);
        }
    }

    /** Whether any pair has a link stored. */
    public static boolean anyLinks(String dataDir, Collection<String> pairs) {
        for (String pair : pairs) {
            if (Files.exists(Path.of(dataDir, links(pair)))) {
                try (LinkStore links = new LinkStore(dataDir, pair)) {
                    if (links.size() > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String links(String pair) {
        return pair + "-links.jsonl";
    }

    /** Deletes the pairs' state files; returns those that existed. */
    public static List<Path> delete(String dataDir, Collection<String> pairs) {
        List<Path> deleted = new ArrayList<>();
        for (Path file : of(dataDir, pairs)) {
            try {
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + file, e);
            }
        }
        return deleted;
    }
}
