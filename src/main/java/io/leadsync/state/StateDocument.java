package io.leadsync.state;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One small JSON document kept in the state storage and replaced as a whole: each save is an atomic rewrite
 * ({@link Journal#rewrite}), so a crash leaves either the old or the new document.
 */
public final class StateDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;

    public StateDocument(StateStorage storage, String name) {
        this.journal = storage.journal(name);
    }

    /** The document, or null when none was saved (or it was cleared). */
    public synchronized JsonNode load() {
        List<String> lines = journal.load();
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(lines.get(lines.size() - 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(journal.name() + " is not readable JSON; move it aside to start without it",
                    e);
        }
    }

    /** Replaces the document; null clears it. */
    public synchronized void save(JsonNode document) {
        journal.rewrite(document == null ? List.of() : List.of(document.toString()));
    }
}
