package io.leadsync.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.leadsync.sync.SyncCycle;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The cycles of one pair a leadsync ran (read, planned and pushed: a tick that was not due, or that found the pair
 * led elsewhere, is none), with when each began and ended (wall clock, ms): which node synced the pair, and from
 * when.
 */
public final class CycleLog extends EventNotifierSupport {

    /** One cycle, from its timer's tick to its end. */
    public record Cycle(long startedMillis, long endedMillis) {
    }

    private final String route;
    private final List<Cycle> cycles = new CopyOnWriteArrayList<>();

    private CycleLog(String pair) {
        this.route = pair + "-sync";
    }

    /** Records the pair's cycles of {@code run} from its start on. */
    public static CycleLog of(LeadsyncRun run, String pair) {
        CycleLog log = new CycleLog(pair);
        run.afterConfigure(context -> context.getManagementStrategy().addEventNotifier(log));
        return log;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCompletedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeCompletedEvent) event).getExchange();
        // the cycle's own exchange (the push's split completes one per change, with the same route)
        if (route.equals(exchange.getFromRouteId()) && exchange.getProperty(SyncCycle.STARTED) != null
                && exchange.getProperty(Exchange.CORRELATION_ID) == null) {
            cycles.add(new Cycle(exchange.getClock().getCreated(), System.currentTimeMillis()));
        }
    }

    public int count() {
        return cycles.size();
    }

    public List<Cycle> cycles() {
        return List.copyOf(cycles);
    }

    /** When the first cycle began, or Long.MAX_VALUE when there was none. */
    public long firstStarted() {
        return cycles.stream().mapToLong(Cycle::startedMillis).min().orElse(Long.MAX_VALUE);
    }

    /** When the first cycle ended, or Long.MAX_VALUE when there was none. */
    public long firstEnded() {
        return cycles.stream().mapToLong(Cycle::endedMillis).min().orElse(Long.MAX_VALUE);
    }

    /** When the last cycle ended, or 0 when there was none. */
    public long lastEnded() {
        return cycles.stream().mapToLong(Cycle::endedMillis).max().orElse(0);
    }
}
