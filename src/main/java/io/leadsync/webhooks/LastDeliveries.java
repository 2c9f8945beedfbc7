package io.leadsync.webhooks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified delivery wakes its pair: the pair's cycle runs at its next tick, an incremental read like a poll's
 * (several deliveries before it are one cycle, so a duplicate or a late one costs nothing more). Each pair's last
 * delivery is kept and logged on one line.
 */
public final class LastDeliveries implements PairWakeUps {

    private static final Logger LOG = LoggerFactory.getLogger(LastDeliveries.class);

    /** A pair's last delivery. */
    public record Delivery(String service, JsonNode payload) {
    }

    private final Map<String, Delivery> last = new ConcurrentHashMap<>();
    private final BiConsumer<String, Boolean> wakePair;

    /**
     * @param wakePair runs the named pair's cycle at its next tick (returns at once); true: as a full read, the
     *                 delivery announced a deletion or an archive
     */
    public LastDeliveries(BiConsumer<String, Boolean> wakePair) {
        this.wakePair = wakePair;
    }

    @Override
    public void wake(String pair, String service, JsonNode payload) {
        last.put(pair, new Delivery(service, payload));
        LOG.info("webhook from {} for pair {}: {}", service, pair, summary(service, payload));
        wakePair.accept(pair, announcesAbsence(service, payload));
    }

    /**
     * Whether the delivery announces what an incremental read cannot see: a lead deleted in Airtable (a payload's
     * destroyedRecordIds), a task deleted or archived in ClickUp (its changes read leaves archived tasks out).
     * Trello's are read from the board's actions, deletions and archives among them.
     */
    static boolean announcesAbsence(String service, JsonNode payload) {
        return switch (service) {
            case "airtable" -> payload.path("payloads").findValues("destroyedRecordIds").stream()
                    .anyMatch(ids -> !ids.isEmpty());
            case "clickup" -> "taskDeleted".equals(payload.path("event").asText())
                    || payload.path("history_items").findValuesAsText("field").contains("archived");
            default -> false;
        };
    }

    public Optional<Delivery> last(String pair) {
        return Optional.ofNullable(last.get(pair));
    }

    /** What the delivery names, by ids and event names only (no field values: they may be personal data). */
    static String summary(String service, JsonNode payload) {
        return switch (service) {
            case "trello" -> "action " + payload.path("action").path("type").asText("?")
                    + " " + payload.path("action").path("id").asText("?")
                    + " on " + payload.path("model").path("id").asText("?");
            case "airtable" -> "ping of webhook " + payload.path("webhook").path("id").asText("?")
                    + " for base " + payload.path("base").path("id").asText("?");
            default -> payload.path("event").asText("?") + " on task " + payload.path("task_id").asText("?");
        };
    }
}
