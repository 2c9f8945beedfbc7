package io.leadsync.sandbox.airtable;

import java.time.Duration;

/**
 * Throttling knobs. Defaults are Airtable's published limits: 5 requests/s per base, 50 requests/s per
 * token, a 30 s penalty after a 429; list iterators expire after 5 minutes (the real timeout is unpublished).
 */
public record AirtableLimits(int perBasePerSecond, int perTokenPerSecond, Duration penalty, Duration iteratorTtl) {

    public static AirtableLimits defaults() {
        return new AirtableLimits(5, 50, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    public AirtableLimits withPerBase(int perSecond) {
        return new AirtableLimits(perSecond, perTokenPerSecond, penalty, iteratorTtl);
    }

    public AirtableLimits withPerToken(int perSecond) {
        return new AirtableLimits(perBasePerSecond, perSecond, penalty, iteratorTtl);
    }

    public AirtableLimits withPenalty(Duration penalty) {
        return new AirtableLimits(perBasePerSecond, perTokenPerSecond, penalty, iteratorTtl);
    }

    public AirtableLimits withIteratorTtl(Duration ttl) {
        return new AirtableLimits(perBasePerSecond, perTokenPerSecond, penalty, ttl);
    }
}
