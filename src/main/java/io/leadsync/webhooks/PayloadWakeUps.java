package io.leadsync.webhooks;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The wake-up of an Airtable ping: the ping names no change (only the base and the webhook), so the payloads after
 * the pair's stored cursor are listed and the pair is woken with the ping and them ({@code payloads}); the cursor is
 * stored after. Trello and ClickUp deliveries carry their change and wake the pair as they are.
 */
public final class PayloadWakeUps implements PairWakeUps {

    private final WebhookUpkeep upkeep;
    private final PairWakeUps next;

    public PayloadWakeUps(WebhookUpkeep upkeep, PairWakeUps next) {
        this.upkeep = upkeep;
        this.next = next;
    }

    @Override
    public void wake(String pair, String service, JsonNode payload) {
        if (!"airtable".equals(service)) {
            next.wake(pair, service, payload);
            return;
        }
        upkeep.airtablePayloads(pair, (List<JsonNode> payloads) -> {
            ObjectNode ping = payload.deepCopy();
            ping.putArray("payloads").addAll(payloads);
            next.wake(pair, service, ping);
        });
    }
}
