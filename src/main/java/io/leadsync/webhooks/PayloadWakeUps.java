package io.leadsync.webhooks;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;

/**
 * The wake-up of an Airtable ping: the ping names no change (only the base and the webhook), so the payloads after
 * the pair's stored cursor are listed and the pair is woken with the ping and them ({@code payloads}); the cursor is
 * stored after. The listing is queued ({@link #PINGS}, routes/webhook-upkeep.camel.yaml) so the ping is answered at
 * once (Airtable gives up after 25 s, and an Airtable request may wait out a 30 s rate-limit penalty); a listing
 * that fails leaves the cursor, and the next ping lists from there. Trello and ClickUp deliveries carry their
 * change and wake the pair as they are.
 */
public final class PayloadWakeUps implements PairWakeUps {

    /** The queue of Airtable pings whose payloads are still to be listed (header {@code pair}, body the ping). */
    public static final String PINGS = "seda:webhook-airtable-pings";

    private final WebhookUpkeep upkeep;
    private final PairWakeUps next;
    private final ProducerTemplate queue;

    public PayloadWakeUps(WebhookUpkeep upkeep, PairWakeUps next, ProducerTemplate queue) {
        this.upkeep = upkeep;
        this.next = next;
        this.queue = queue;
    }

    @Override
    public void wake(String pair, String service, JsonNode payload) {
        if ("airtable".equals(service)) {
            queue.sendBodyAndHeader(PINGS, payload, "pair", pair);
        } else {
            next.wake(pair, service, payload);
        }
    }

    /** Lists the payloads a ping of {@code pair}'s Airtable webhook announces and wakes the pair with them. */
    public void payloads(String pair, JsonNode ping) {
        upkeep.airtablePayloads(pair, (List<JsonNode> payloads) -> {
            ObjectNode woken = ping.deepCopy();
            woken.putArray("payloads").addAll(payloads);
            next.wake(pair, "airtable", woken);
        });
    }
}
