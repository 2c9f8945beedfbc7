package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A webhook on a base: its specification, MAC secret, payload log and notification state. */
final class AirtableWebhook {

    final String id;
    final String baseId;
    final String notificationUrl;
    final JsonNode specification;
    final byte[] macSecret;
    long expirationMillis;
    boolean hookEnabled = true;
    boolean notificationsEnabled = true;
    Long lastSuccessfulNotificationMillis;
    Map<String, Object> lastNotificationResult;
    /** Payload n (1-based cursor) is at index n - {@link #firstCursor}; the cursor never resets. */
    final List<Map<String, Object>> payloads = new ArrayList<>();
    /** When each payload was made (epoch ms), index for index. */
    final List<Long> payloadMillis = new ArrayList<>();
    /** The cursor of the oldest payload kept (payloads older than a week are gone). */
    int firstCursor = 1;

    AirtableWebhook(String id, String baseId, String notificationUrl, JsonNode specification, byte[] macSecret,
            long expirationMillis) {
        this.id = id;
        this.baseId = baseId;
        this.notificationUrl = notificationUrl;
        this.specification = specification;
        this.macSecret = macSecret;
        this.expirationMillis = expirationMillis;
    }

    int nextCursor() {
        return firstCursor + payloads.size();
    }

    /** Forgets the payloads made at or before the time. */
    void forgetPayloadsUntil(long millis) {
        while (!payloadMillis.isEmpty() && payloadMillis.get(0) <= millis) {
            payloads.remove(0);
            payloadMillis.remove(0);
            firstCursor++;
        }
    }

    JsonNode filters() {
        return specification.path("options").path("filters");
    }

    /** Whether record changes in the table produce payloads for this webhook. */
    boolean watchesRecordsOf(String tableId) {
        boolean tableData = false;
        for (JsonNode type : filters().path("dataTypes")) {
            tableData |= type.asText().equals("tableData");
        }
        String scope = filters().path("recordChangeScope").asText(null);
        return hookEnabled && tableData && (scope == null || scope.equals(tableId));
    }

    boolean includesPreviousValues() {
        return specification.path("options").path("includes").path("includePreviousCellValues").asBoolean(false);
    }
}
