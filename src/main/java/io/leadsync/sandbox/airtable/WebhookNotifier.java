package io.leadsync.sandbox.airtable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.sandbox.DaemonThreads;

/**
 * Delivers notification pings: POST of the exact body, signed with {@code X-Airtable-Content-MAC:
 * hmac-sha256=<hex>}; success is 200 or 204 within 25 s, failures are retried up to 13 times with doubling
 * backoff (10 s first by default), then the caller disables notifications.
 */
final class WebhookNotifier implements AutoCloseable {

    static final int MAX_RETRIES = 13;
    private static final Duration TIMEOUT = Duration.ofSeconds(25);

    /** Told the outcome of each attempt (retry 0 is the first try). */
    interface Outcome {
        void attempted(AirtableWebhook hook, boolean success, int retryNumber, long durationMillis, boolean gaveUp);
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("airtable-webhook-pings"));
    private final Outcome outcome;
    private volatile Duration firstBackoff = Duration.ofSeconds(10);

    WebhookNotifier(Outcome outcome) {
        this.outcome = outcome;
    }

    void firstBackoff(Duration backoff) {
        this.firstBackoff = backoff;
    }

    void ping(AirtableWebhook hook, String body) {
        scheduler.execute(() -> attempt(hook, body, 0));
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

    private void attempt(AirtableWebhook hook, String body, int retry) {
        long start = System.nanoTime();
        boolean success;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(hook.notificationUrl)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Airtable-Content-MAC", signature(hook.macSecret, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            success = status == 200 || status == 204;
        } catch (java.io.IOException | IllegalArgumentException e) {
            success = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean gaveUp = !success && retry >= MAX_RETRIES;
        outcome.attempted(hook, success, retry, (System.nanoTime() - start) / 1_000_000, gaveUp);
        if (!success && !gaveUp) {
            long delay = firstBackoff.toMillis() << Math.min(retry, 20);
            scheduler.schedule(() -> attempt(hook, body, retry + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
