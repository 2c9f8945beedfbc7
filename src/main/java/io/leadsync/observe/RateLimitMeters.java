package io.leadsync.observe;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;

/**
 * The rate limits' meters, tagged with the pair whose exchange made the request ({@code none} for one outside a
 * cycle: a connection check, the webhooks' upkeep): the 429s the services answered, and the time requests waited
 * for a rate budget or a 429's pause. Recorded only when the management server's registry is there.
 */
public final class RateLimitMeters {

    /** The registry the management server binds (and Camel's MicrometerPrometheus serves). */
    public static final String REGISTRY = "metricsRegistry";

    private RateLimitMeters() {
    }

    /**
     * A service answered 429: the request is sent again after {@code waitMillis} (0 when it is not), a wait counted
     * against {@code budget}, the limit the 429 is logged against.
     */
    public static void limited(Exchange exchange, String service, String budget, long waitMillis) {
        MeterRegistry registry = registry(exchange);
        if (registry == null) {
            return;
        }
        String pair = pair(exchange);
        registry.counter("leadsync.rate.limited", "pair", pair, "service", service.toLowerCase(Locale.ROOT))
                .increment();
        if (waitMillis > 0) {
            waited(registry, pair, budget, waitMillis);
        }
    }

    /** A request waited for its rate budget (or a 429's pause) before it was sent. */
    public static void waited(Exchange exchange, String budget, long millis) {
        MeterRegistry registry = registry(exchange);
        if (registry != null && millis > 0) {
            waited(registry, pair(exchange), budget, millis);
        }
    }

    private static void waited(MeterRegistry registry, String pair, String limit, long millis) {
        registry.timer("leadsync.rate.limit.wait", "pair", pair, "limit", limit).record(millis, TimeUnit.MILLISECONDS);
    }

    private static String pair(Exchange exchange) {
        return exchange.getProperty("pair", "none", String.class);
    }

    private static MeterRegistry registry(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType(REGISTRY, MeterRegistry.class);
    }
}
