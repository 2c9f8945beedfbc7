package io.leadsync.sandbox;

/** What an emulator can do to a webhook delivery instead of sending it once, in order ({@link WebhookOutbox}). */
public enum DeliveryFault {
    /** Never send it (a lost delivery; the webhook's health is not touched). */
    DROP,
    /** Send it twice, the copy right after the original. */
    DUPLICATE,
    /** Hold it back for {@link WebhookOutbox#delayFaultMillis(long)} while later deliveries go ahead (a late one). */
    DELAY,
    /**
     * Swap it with the next delivery of the same webhook (sent right after that one); when none comes within
     * {@link WebhookOutbox#delayFaultMillis(long)}, it goes out late then.
     */
    REORDER
}
