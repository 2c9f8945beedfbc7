package io.leadsync.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The receiver's answer to one request: accepted (200, with the verified payload; none for a HEAD) or refused
 * with a status and a short reason that names neither the secret, the signature nor the body.
 */
public record Verdict(int status, String reason, JsonNode payload) {

    static Verdict accept(JsonNode payload) {
        return new Verdict(200, "", payload);
    }

    static Verdict refuse(int status, String reason) {
        return new Verdict(status, reason, null);
    }

    public boolean refused() {
        return status != 200;
    }
}
