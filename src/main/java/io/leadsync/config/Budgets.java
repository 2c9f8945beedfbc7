package io.leadsync.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.http.RateBudget;

/** One rate budget per credential, shared by every pair and route that uses it. */
final class Budgets {

    private static final Map<String, RateBudget> SHARED = new ConcurrentHashMap<>();

    private Budgets() {
    }

    static RateBudget shared(String key, int limit, long windowMillis) {
        return SHARED.computeIfAbsent(key + "/" + limit + "/" + windowMillis,
                k -> new RateBudget(key.replaceAll(":.*", ""), limit, windowMillis));
    }
}
