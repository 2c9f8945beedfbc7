package io.leadsync.sandbox.airtable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.sandbox.WebhookOutbox;

/**
 * Delivers notification pings through the emulator's {@link WebhookOutbox}: POST of the exact body, signed with
 * {@code X-Airtable-Content-MAC: hmac-sha256=<hex>}; success is 200 or 204 within 25 s, failures are retried up to
 * 13 times with doubling backoff (10 s first by default; later pings do not wait for them), then the caller
 * disables notifications.
 */
final class WebhookNotifier {

    static final int MAX_RETRIES = 13;
    private static final Duration TIMEOUT = Duration.ofSeconds(25);

    /** Told the outcome of each attempt (retry 0 is the first try). */
    interface PingOutcome {
        void attempted(AirtableWebhook hook, boolean success, int retryNumber, long durationMillis, boolean gaveUp);
    }

    private final WebhookOutbox outbox;
    private final PingOutcome outcome;
    private final WebhookOutbox.Policy policy;
    private volatile Duration firstBackoff = Duration.ofSeconds(10);

    WebhookNotifier(WebhookOutbox outbox, PingOutcome outcome) {
        this.outbox = outbox;
        this.outcome = outcome;
        this.policy = new WebhookOutbox.Policy(MAX_RETRIES, n -> firstBackoff.toMillis() << Math.min(n - 1, 20),
                WebhookNotifier::success, TIMEOUT, false);
    }

    void firstBackoff(Duration backoff) {
        this.firstBackoff = backoff;
    }

    void ping(AirtableWebhook hook, String body) {
        Map<String, String> headers = Map.of("Content-Type", "application/json; charset=utf-8",
                "X-Airtable-Content-MAC", signature(hook.macSecret, body));
        outbox.submit(new WebhookOutbox.Delivery(hook.id, hook.notificationUrl, headers, body), policy,
                (retry, status, millis, last) -> outcome.attempted(hook, success(status), retry, millis,
                        last && !success(status)));
    }

    private static boolean success(int status) {
        return status == 200 || status == 204;
    }

    static String signature(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "hmac-sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
