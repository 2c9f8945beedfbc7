package io.leadsync.webhooks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The webhook requests and answers of the three APIs, as records (api-contracts.md 1.10, 2.7, 3.6): only the
 * fields leadsync reads or sends.
 */
final class WebhookBodies {

    private WebhookBodies() {
    }

    // ---- Trello: /1/webhooks, /1/tokens/{token}/webhooks

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TrelloHook(String id, String idModel, String callbackURL, Boolean active) {
        boolean isActive() {
            return !Boolean.FALSE.equals(active);
        }
    }

    /** {@code GET /1/tokens/{token}/webhooks}: the token's webhooks, every model. */
    static final class TrelloHooks extends java.util.ArrayList<TrelloHook> {
    }

    record NewTrelloHook(String callbackURL, String idModel, String description) {
    }

    // ---- Airtable: /v0/bases/{baseId}/webhooks

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AirtableHook(String id, String notificationUrl, String expirationTime, Boolean isHookEnabled,
                        Boolean areNotificationsEnabled) {
    }

    /** {@code POST .../webhooks/{id}/enableNotifications}. */
    record EnableNotifications(boolean enable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AirtableHooks(List<AirtableHook> webhooks) {
    }

    record NewAirtableHook(String notificationUrl, Specification specification) {
    }

    record Specification(Options options) {
    }

    record Options(Filters filters) {
    }

    record Filters(List<String> dataTypes, String recordChangeScope, List<String> watchDataInFieldIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreatedAirtableHook(String id, String macSecretBase64, String expirationTime) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Expiration(String expirationTime) {
    }

    /** A page of payloads: {@code cursor} is where the next page starts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PayloadPage(long cursor, boolean mightHaveMore, List<JsonNode> payloads) {
    }

    // ---- ClickUp: /api/v2/team/{team_id}/webhook, /api/v2/webhook/{id}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Health(String status, @JsonProperty("fail_count") int failCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClickUpHook(String id, String endpoint, @JsonProperty("list_id") String listId, Health health,
                       String secret) {
        String status() {
            return health == null || health.status() == null ? "active" : health.status();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClickUpHooks(List<ClickUpHook> webhooks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreatedClickUpHook(String id, ClickUpHook webhook) {
    }

    record NewClickUpHook(String endpoint, List<String> events, @JsonProperty("list_id") String listId) {
    }

    record ClickUpHookChange(String endpoint, List<String> events, String status) {
    }

    /** GET /api/v2/team: the workspaces the token can see (a removed pair's list names none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Teams(List<Team> teams) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Team(String id) {
    }

    /** An answer leadsync does not read (a delete, an update). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ignored() {
    }
}
