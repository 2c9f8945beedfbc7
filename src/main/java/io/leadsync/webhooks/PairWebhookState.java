package io.leadsync.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.state.FileStateStorage;
import io.leadsync.state.StateDocument;

/**
 * What one pair knows of its webhooks, kept in data/&lt;pair&gt;-webhooks.json (a {@link StateDocument}: each save an
 * atomic, fsynced rewrite): the ids, Airtable's MAC secret (returned only when the webhook is created), expiration
 * and payload cursor, ClickUp's secret and last seen health. Holds secrets: never logged ({@link #toString} names
 * ids only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record PairWebhookState(Trello trello, Airtable airtable, ClickUp clickup) {

    static final PairWebhookState NONE = new PairWebhookState(null, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Trello's webhook on the board, as last seen. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Trello(String id, boolean active) {
    }

    /**
     * Airtable's webhook on the table.
     *
     * @param cursor the first payload not yet handed to the pair
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Airtable(String id, String notificationUrl, String macSecretBase64, String expirationTime, long cursor) {
        Airtable withExpiration(String time) {
            return new Airtable(id, notificationUrl, macSecretBase64, time, cursor);
        }

        Airtable withCursor(long next) {
            return new Airtable(id, notificationUrl, macSecretBase64, expirationTime, next);
        }

        @Override
        public String toString() {
            return "Airtable[id=" + id + ", expirationTime=" + expirationTime + ", cursor=" + cursor + "]";
        }
    }

    /** ClickUp's webhook on the list, with its health as last seen. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClickUp(String id, String secret, String status, int failCount) {
        @Override
        public String toString() {
            return "ClickUp[id=" + id + ", status=" + status + ", failCount=" + failCount + "]";
        }
    }

    PairWebhookState with(Trello t) {
        return new PairWebhookState(t, airtable, clickup);
    }

    PairWebhookState with(Airtable a) {
        return new PairWebhookState(trello, a, clickup);
    }

    PairWebhookState with(ClickUp c) {
        return new PairWebhookState(trello, airtable, c);
    }

    private static final String SUFFIX = "-webhooks.json";

    /** The pair's file under the data directory: each node keeps its own (the webhooks call it back). */
    static StateDocument document(String dataDir, String pair) {
        return new StateDocument(new FileStateStorage(dataDir), pair + SUFFIX);
    }

    static Path file(String dataDir, String pair) {
        return Path.of(dataDir, pair + SUFFIX);
    }

    /** The pairs that have a file under the data directory. */
    static List<String> pairs(String dataDir) {
        try (Stream<Path> files = Files.list(Path.of(dataDir))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX) && n.length() > SUFFIX.length())
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir, e);
        }
    }

    static PairWebhookState load(StateDocument document) {
        JsonNode saved = document.load();
        return saved == null ? NONE : JSON.convertValue(saved, PairWebhookState.class);
    }

    void save(StateDocument document) {
        document.save(JSON.valueToTree(this));
    }
}
