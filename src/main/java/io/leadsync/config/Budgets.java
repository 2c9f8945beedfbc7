package io.leadsync.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.http.RateBudget;
import io.leadsync.http.StopSignal;

/**
 * One rate budget per credential, shared by every pair and route of one leadsync instance that uses it (the
 * services count requests per token, key or base, whichever pair sends them).
 */
final class Budgets {

    private final Map<String, RateBudget> shared = new ConcurrentHashMap<>();
    private final StopSignal stop;

    /** @param stop ends every wait on these budgets once leadsync is stopping */
    Budgets(StopSignal stop) {
        this.stop = stop;
    }

    RateBudget shared(String key, int limit, long windowMillis) {
        return shared.computeIfAbsent(key + "/" + limit + "/" + windowMillis,
                k -> new RateBudget(key.replaceAll(":.*", ""), limit, windowMillis, stop));
    }
}
