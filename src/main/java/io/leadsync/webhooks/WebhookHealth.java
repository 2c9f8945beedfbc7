package io.leadsync.webhooks;

/**
 * Whether a pair's webhooks are all registered and healthy now (Trello's active, Airtable's not expired, ClickUp's
 * active), and when not, why, in one line: what the safety net reads to choose the long or the short poll.
 */
public record WebhookHealth(boolean healthy, String reason) {

    static WebhookHealth ok() {
        return new WebhookHealth(true, "webhooks registered and healthy");
    }

    static WebhookHealth not(String reason) {
        return new WebhookHealth(false, reason);
    }
}
