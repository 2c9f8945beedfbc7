package io.leadsync.sandbox.trello;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.sandbox.DaemonThreads;

/**
 * Talks to webhook callbacks: the HEAD check at creation and the signed POST of each action, sent one at a
 * time in order on a background thread, retried 3 times after a failure.
 */
final class WebhookDispatcher implements AutoCloseable {

    static final int RETRIES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(DaemonThreads.named("trello-webhooks"));
    private final String appSecret;
    private final Duration retryDelay;

    WebhookDispatcher(String appSecret, Duration retryDelay) {
        this.appSecret = appSecret;
        this.retryDelay = retryDelay;
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
     * Queues a delivery. {@code outcome} gets the final status: 2xx success, 410 gone, or -1 after every
     * attempt failed (the last status is not kept: Trello only counts failures).
     */
    void deliver(String callbackURL, String body, IntConsumer outcome) {
        String signature = sign(appSecret, body, callbackURL);
        sender.execute(() -> outcome.accept(send(callbackURL, body, signature)));
    }

    private int send(String callbackURL, String body, String signature) {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0 && !pause()) {
                return -1;
            }
            try {
                HttpRequest post = HttpRequest.newBuilder(URI.create(callbackURL)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("X-Trello-Webhook", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2 || status == 410) {
                    return status;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } catch (Exception e) {
                // unreachable callback: counts as a failed attempt
            }
        }
        return -1;
    }

    private boolean pause() {
        try {
            Thread.sleep(retryDelay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
