package io.leadsync.webhooks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-up for now: each pair's last verified delivery is kept (a second delivery of the same one leaves the
 * same state: idempotent) and logged on one line. The incremental read it is to trigger comes with the lifecycle.
 */
public final class LastDeliveries implements PairWakeUps {

    private static final Logger LOG = LoggerFactory.getLogger(LastDeliveries.class);

    /** A pair's last delivery. */
    public record Delivery(String service, JsonNode payload) {
    }

    private final Map<String, Delivery> last = new ConcurrentHashMap<>();

    @Override
    public void wake(String pair, String service, JsonNode payload) {
        last.put(pair, new Delivery(service, payload));
        LOG.info("webhook from {} for pair {}: {}", service, pair, summary(service, payload));
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
