package io.leadsync.sandbox.trello;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.IntConsumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.sandbox.WebhookOutbox;

/**
 * Talks to webhook callbacks: the HEAD check at creation and the signed POST of each action, sent through the
 * emulator's {@link WebhookOutbox} one at a time in order per webhook, retried 3 times after a failure (30 s
 * each at most).
 */
final class WebhookDispatcher {

    static final int RETRIES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final WebhookOutbox outbox;
    private final String appSecret;
    /** A webhook's next action waits until this one is delivered or given up (Trello delivers in order). */
    private final WebhookOutbox.Policy policy;

    WebhookDispatcher(WebhookOutbox outbox, String appSecret, Duration retryDelay) {
        this.outbox = outbox;
        this.appSecret = appSecret;
        this.policy = new WebhookOutbox.Policy(RETRIES, n -> retryDelay.toMillis(), WebhookDispatcher::ends, TIMEOUT, true);
    }

    /** Trello creates a webhook only when its callback answers a HEAD with 200. */
    boolean answersHead(String callbackURL) {
        try {
            HttpRequest head = HttpRequest.newBuilder(URI.create(callbackURL)).timeout(Duration.ofSeconds(10))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            return http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /**
     * Queues a delivery of the action to the webhook. {@code outcome} gets the final status: 2xx success, 410 gone,
     * or -1 after every attempt failed (the last status is not kept: Trello only counts failures).
     */
    void deliver(String webhookId, String callbackURL, String body, IntConsumer outcome) {
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                "X-Trello-Webhook", sign(appSecret, body, callbackURL));
        outbox.submit(new WebhookOutbox.Delivery(webhookId, callbackURL, headers, body), policy,
                (retry, status, millis, last) -> {
                    if (last) {
                        outcome.accept(ends(status) ? status : -1);
                    }
                });
    }

    private static boolean ends(int status) {
        return status / 100 == 2 || status == 410;
    }

    /**
     * base64(HMAC-SHA1(appSecret, body + callbackURL)). Trello signs "binary strings": each UTF-16 unit
     * contributes only its low byte (an en dash U+2013 becomes 0x13), which this reproduces.
     */
    static String sign(String appSecret, String body, String callbackURL) {
        String content = body + callbackURL;
        byte[] bytes = new byte[content.length()];
        for (int i = 0; i < content.length(); i++) {
            bytes[i] = (byte) content.charAt(i);
        }
        byte[] key = new byte[appSecret.length()];
        for (int i = 0; i < appSecret.length(); i++) {
            key[i] = (byte) appSecret.charAt(i);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
