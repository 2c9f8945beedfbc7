package io.leadsync.http;

import java.util.ArrayList;
import java.util.List;

import io.leadsync.observe.RateLimitMeters;
import org.apache.camel.Exchange;

/**
 * The rate-budget step of an API route, over the published limits of one credential (declared with the route,
 * in YAML): takes one permit of every {@link RateBudget} before the request and gives them back when its answer
 * arrived (or it failed), so that each request counts from its answer; Camel's {@code throttle} would count from
 * the send. The budgets wait on the {@code stopSignal} bean (made by the configuration class, after the YAML beans,
 * hence looked up at the first request): a wait that a stop ends fails the request as transient, unsent.
 */
public final class BudgetGate {

    private static final String PERMITS = "leadsyncPermits";
    /** Exchange property: when the request left (System.nanoTime), for the log line with its answer. */
    static final String SENT_AT = "leadsyncSentAt";
    /**
     * A checked write (one sent only while its target still holds what the cycle read: its last-moment check just
     * read it) that waited longer than this for its permits is not sent: what the check saw may have changed during
     * the wait (a 429's pause), so it is handed back, and its redelivery checks again (three-pair campaign :486,
     * :113, :13: a status write went out seconds after its check and overwrote a person's edit made meanwhile).
     */
    static final long CHECKED_WRITE_MAX_WAIT_MILLIS = 2_000;

    private record Limit(String name, int requests, long windowMillis) {
    }

    /** One budget's use now: requests in its current window, of its limit. */
    public record Usage(String budget, int used, int limit, long windowMillis) {
    }

    private final List<Limit> limits;
    private volatile List<RateBudget> budgets;

    public BudgetGate(String name, int requests, long windowMillis) {
        this.limits = List.of(new Limit(name, requests, windowMillis));
    }

    public BudgetGate(String name, int requests, long windowMillis, String name2, int requests2, long windowMillis2) {
        this.limits = List.of(new Limit(name, requests, windowMillis), new Limit(name2, requests2, windowMillis2));
    }

    public void acquire(Exchange exchange) {
        List<RateBudget> all = budgets(exchange);
        List<RateBudget.Permit> permits = new ArrayList<>(all.size());
        exchange.setProperty(PERMITS, permits);
        long start = System.nanoTime();
        try {
            for (RateBudget budget : all) {
                permits.add(budget.acquire());
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            RateLimitMeters.waited(exchange, name(), waitedMillis);
            if (waitedMillis > CHECKED_WRITE_MAX_WAIT_MILLIS
                    && ApiCall.Kind.CHECKED_WRITE.name().equals(exchange.getProperty(ApiFailures.KIND, String.class))) {
                throw new TransientApiException("waited " + waitedMillis + " ms for the rate limit after its "
                        + "last-moment check: not sent, checked again", 0, "", null);
            }
            exchange.setProperty(SENT_AT, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientApiException("interrupted while waiting for the rate limit", 0, "", e);
        } catch (StopSignal.Stopped e) {
            throw new TransientApiException(e.getMessage(), 0, "", null);
        }
    }

    @SuppressWarnings("unchecked")
    public void release(Exchange exchange) {
        List<RateBudget.Permit> permits = exchange.getProperty(PERMITS, List.class);
        exchange.removeProperty(PERMITS);
        if (permits != null) {
            for (int i = 0; i < permits.size(); i++) {
                budgets.get(i).release(permits.get(i));
            }
        }
    }

    /** Each budget's use now (none used before the first request). */
    public List<Usage> usage() {
        List<RateBudget> all = budgets;
        if (all == null) {
            return limits.stream().map(l -> new Usage(l.name(), 0, l.requests(), l.windowMillis())).toList();
        }
        return all.stream().map(b -> new Usage(b.name(), b.used(), b.limit(), b.windowMillis())).toList();
    }

    /** Nobody sends on these budgets before the given epoch millis (after a 429). */
    public void pauseUntil(long epochMillis) {
        List<RateBudget> all = budgets;
        if (all != null) {
            all.forEach(b -> b.pauseUntil(epochMillis));
        }
    }

    /** The budget a 429 is logged against ("trello-token"). */
    String name() {
        return limits.get(0).name();
    }

    private List<RateBudget> budgets(Exchange exchange) {
        List<RateBudget> all = budgets;
        if (all == null) {
            synchronized (this) {
                if (budgets == null) {
                    StopSignal stop = exchange.getContext().getRegistry().lookupByNameAndType("stopSignal",
                            StopSignal.class);
                    budgets = limits.stream().map(l -> new RateBudget(l.name(), l.requests(), l.windowMillis(),
                            stop == null ? new StopSignal() : stop)).toList();
                }
                all = budgets;
            }
        }
        return all;
    }
}
