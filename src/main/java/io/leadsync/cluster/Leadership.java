package io.leadsync.cluster;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteStartedEvent;
import org.apache.camel.spi.CamelEvent.RouteStoppedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node leads a pair, asked of the cluster service's election for the pair's namespace
 * ({@code leadsync-<pair>}), the one its {@code master:} consumer runs under. The master consumer stops the pair's
 * timer when it is told leadership went (Camel's ZooKeeper view does not tell of a lost session), and a cycle
 * already running would go on writing while another node starts: so the sync routes ask {@link #lost} at the
 * cycle's start, before every write of the push and after the push, and stop there. Without a cluster
 * (leadsync.cluster=none) this node leads every pair.
 * <p>
 * Registered as an event notifier: while a route under {@code master:} runs, a listener on its election logs each
 * change of this node's leadership.
 * <p>
 * It also watches that a pair led here is synced here ({@link #restartStalled}): Camel 4.18's master consumer can
 * start a pair's timer that never ticks (seen when the election was won while the context was still starting its
 * routes), and the node would lead the pair without syncing it for as long as it lives.
 */
public final class Leadership extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** A pair's election: leadsync-&lt;pair&gt;. */
    public static final String NAMESPACE_PREFIX = "leadsync-";

    private final CamelClusterService service;
    private final String node;
    private final List<Consumer<String>> gainedHooks = new CopyOnWriteArrayList<>();
    /** The pairs whose gained hooks ran since this node last took the lead of them. */
    private final Set<String> hooked = ConcurrentHashMap.newKeySet();
    /** Whether this node led each pair when last told or seen: each change is logged once. */
    private final Map<String, Boolean> led = new ConcurrentHashMap<>();
    /** The pairs whose stop was logged since they were lost. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    /** When this node took the lead of each pair it leads, as last told or seen (clock millis). */
    private final Map<String, Long> ledSince = new ConcurrentHashMap<>();
    /** When each pair's timer last ticked on this node (clock millis). */
    private final Map<String, Long> lastTick = new ConcurrentHashMap<>();
    private final Clock clock;

    private Leadership(CamelClusterService service, String node, Clock clock) {
        this.service = service;
        this.node = node;
        this.clock = clock;
    }

    /** One node: it leads every pair. */
    public static Leadership alone(String node) {
        return new Leadership(null, node, Clock.systemUTC());
    }

    /** The pairs' elections held by {@code service}, this node named {@code node}. */
    public static Leadership in(CamelClusterService service, String node) {
        return in(service, node, Clock.systemUTC());
    }

    /** The same, the times of {@link #restartStalled} read from {@code clock}. */
    public static Leadership in(CamelClusterService service, String node, Clock clock) {
        return new Leadership(service, node, clock);
    }

    public static String namespace(String pair) {
        return NAMESPACE_PREFIX + pair;
    }

    public String node() {
        return node;
    }

    /**
     * Runs {@code hook} with the pair's name on the pair's timer thread, before its first cycle each time this node
     * takes the lead of it (and before its first cycle after start-up): state another node may have changed
     * meanwhile is read again there.
     */
    public void onGained(Consumer<String> hook) {
        gainedHooks.add(hook);
    }

    /** Whether the pairs are elected (leadsync.cluster is not none). */
    public boolean elected() {
        return service != null;
    }

    /** The elections of the pairs whose routes run here. */
    public Collection<CamelClusterView> elections() {
        return watches.values().stream().map(watch -> watch.view).toList();
    }

    /** Whether this node leads the pair now. */
    public boolean leads(String pair) {
        return service == null || service.isLeader(namespace(pair));
    }

    /**
     * The sync routes' guard: true when this node no longer leads the pair, and the cycle or push stops here (one
     * line the first time). While it leads, the gained hooks run first if it has just taken the lead.
     */
    public boolean lost(@ExchangeProperty("pair") String pair) {
        boolean leads = leads(pair);
        if (service != null) {
            // a ZooKeeper session lost to a partition ends the leadership without an event: seen here first then
            observed(pair, leads);
        }
        if (leads) {
            stopped.remove(pair);
            if (!hooked.contains(pair)) {
                // marked once they all ran: a hook that failed (the state database away) runs again next cycle
                gainedHooks.forEach(hook -> hook.accept(pair));
                hooked.add(pair);
            }
            return false;
        }
        hooked.remove(pair);
        if (stopped.add(pair)) {
            LOG.warn("lost leadership of {}; stopping before the next write", pair);
        }
        return true;
    }

    /** The first step of each tick of the pair's timer: its cycle runs on this node. */
    public void ticked(String pair) {
        lastTick.put(pair, clock.millis());
    }

    /**
     * Leaves and joins again the election of every pair this node has led for {@code graceMillis} or more without a
     * tick of the pair's timer since it took the lead (routes/leadership-watch.camel.yaml). Leaving makes the master
     * consumer drop its timer, and winning again makes it start a new one (alone, this node wins again; with others,
     * one of them takes the pair).
     */
    public void restartStalled(long graceMillis) throws Exception {
        if (service == null) {
            return;
        }
        long now = clock.millis();
        for (Map.Entry<String, Long> since : Map.copyOf(ledSince).entrySet()) {
            String pair = since.getKey();
            boolean ticked = lastTick.getOrDefault(pair, Long.MIN_VALUE) >= since.getValue();
            if (!ticked && now - since.getValue() >= graceMillis && leads(pair)) {
                LOG.warn("node {} has led pair {} for {} s and its cycle has not started (Camel's master consumer "
                        + "started no timer that runs); leaving the election and joining it again", node, pair,
                        (now - since.getValue()) / 1000);
                ledSince.put(pair, now); // a new grace for the election joined again, if this node wins it again
                service.stopView(namespace(pair));
                service.startView(namespace(pair));
            }
        }
    }

    /** Logs a change of this node's leadership of the pair, told by its election or seen by the guard. */
    private synchronized void observed(String pair, boolean leads) {
        Boolean before = led.put(pair, leads);
        if (before != null ? before == leads : !leads) {
            return;
        }
        if (leads) {
            ledSince.put(pair, clock.millis());
            LOG.info("node {} leads pair {}", node, pair);
        } else {
            ledSince.remove(pair);
            // taken again later, the gained hooks run again
            hooked.remove(pair);
            LOG.info("node {} lost leadership of pair {}", node, pair);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return service != null && (event instanceof RouteStartedEvent || event instanceof RouteStoppedEvent);
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        Route route = ((CamelEvent.RouteEvent) event).getRoute();
        if (!(route.getEndpoint() instanceof MasterEndpoint master)
                || !master.getNamespace().startsWith(NAMESPACE_PREFIX)) {
            return;
        }
        if (event instanceof RouteStartedEvent) {
            // the view the route's master consumer holds: taken and given back, so that only a running route keeps
            // this node in the pair's election
            CamelClusterView view = service.getView(master.getNamespace());
            service.releaseView(view);
            Watch watch = new Watch(view, master.getNamespace().substring(NAMESPACE_PREFIX.length()));
            Watch before = watches.put(route.getRouteId(), watch);
            if (before != null) {
                before.view.removeEventListener(before);
            }
            view.addEventListener(watch);
            // the election may have been won before the listener was there
            watch.leadershipChanged(view, view.getLeader().orElse(null));
        } else {
            Watch watch = watches.remove(route.getRouteId());
            if (watch != null) {
                watch.view.removeEventListener(watch);
                ledSince.remove(watch.pair);
            }
        }
    }

    /** Tells each change of the pair's election (on the cluster service's thread). */
    private final class Watch implements CamelClusterEventListener.Leadership {
        private final CamelClusterView view;
        private final String pair;

        private Watch(CamelClusterView view, String pair) {
            this.view = view;
            this.pair = pair;
        }

        @Override
        public void leadershipChanged(CamelClusterView changed, CamelClusterMember leaderNow) {
            // the event's leader, not the local member's state: ZooKeeper's view tells of a loss while its
            // selector still reports the leadership it is giving up
            observed(pair, leaderNow != null && leaderNow.isLocal());
        }
    }
}
