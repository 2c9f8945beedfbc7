package io.leadsync.sandbox.trello;

import java.time.Duration;

/**
 * Tunables of the Trello emulator. {@link #defaults()} are Trello's published values; tests shrink them.
 *
 * @param tokenLimit          requests per window per token (Trello: 100 / 10 s)
 * @param keyLimit            requests per window per API key (Trello: 300 / 10 s)
 * @param rateWindow          the rate-limit window
 * @param openCardsPerBoard   {@code limits.cards.openPerBoard.disableAt} (Trello example: 5000)
 * @param appSecret           the application secret that signs webhook deliveries
 * @param webhookRetryDelay   pause between webhook delivery attempts
 * @param seedCustomField     whether the seeded board has the text custom field "Airtable Record"
 */
public record TrelloConfig(int tokenLimit, int keyLimit, Duration rateWindow, int openCardsPerBoard,
                           String appSecret, Duration webhookRetryDelay, boolean seedCustomField) {

    /** The sandbox's fixed application secret (a real one is 64 hex characters). */
    public static final String SANDBOX_APP_SECRET = "5a4d5b0c5e1f4a3b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b";

    public static TrelloConfig defaults() {
        return new TrelloConfig(100, 300, Duration.ofSeconds(10), 5000, SANDBOX_APP_SECRET, Duration.ofSeconds(1), true);
    }

    public TrelloConfig withRateLimits(int perToken, int perKey, Duration window) {
        return new TrelloConfig(perToken, perKey, window, openCardsPerBoard, appSecret, webhookRetryDelay, seedCustomField);
    }

    public TrelloConfig withOpenCardsPerBoard(int disableAt) {
        return new TrelloConfig(tokenLimit, keyLimit, rateWindow, disableAt, appSecret, webhookRetryDelay, seedCustomField);
    }

    public TrelloConfig withAppSecret(String secret) {
        return new TrelloConfig(tokenLimit, keyLimit, rateWindow, openCardsPerBoard, secret, webhookRetryDelay, seedCustomField);
    }

    public TrelloConfig withWebhookRetryDelay(Duration delay) {
        return new TrelloConfig(tokenLimit, keyLimit, rateWindow, openCardsPerBoard, appSecret, delay, seedCustomField);
    }

    public TrelloConfig withSeedCustomField(boolean seed) {
        return new TrelloConfig(tokenLimit, keyLimit, rateWindow, openCardsPerBoard, appSecret, webhookRetryDelay, seed);
    }

    /** Trello starts warning at 90 % of a limit. */
    int openCardsWarnAt() {
        return openCardsPerBoard * 9 / 10;
    }
}
