package io.leadsync.webhooks;

import java.util.Optional;

/**
 * Where the webhook receiver finds the key that signs a pair's deliveries from one service: the HMAC key itself,
 * as bytes. Trello: the application secret (configuration, {@code leadsync.trello.secret}), the same for every
 * Trello pair. Airtable: the base64-DECODED {@code macSecretBase64} its webhook's creation returned (once). ClickUp:
 * the webhook's {@code secret} string as UTF-8. The webhook lifecycle stores the last two (in data/); nothing is
 * known for an unknown pair or a service the pair has no webhook with.
 */
public interface WebhookSecrets {

    /** The key for {@code pair}'s deliveries from {@code service} (trello, airtable, clickup); empty: refuse them. */
    Optional<byte[]> secret(String pair, String service);

    /**
     * Whether {@code pair}'s webhook at {@code service} is being created right now: a delivery its key does not
     * verify may be the new webhook's, sent before the service's answer brought its secret.
     */
    default boolean registering(String pair, String service) {
        return false;
    }
}
