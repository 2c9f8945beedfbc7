package io.leadsync.cluster;

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
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node leads a pair, asked of the cluster service's election for the pair's namespace
 * ({@code leadsync-<pair>}), the one its {@code master:} consumer runs under. The master consumer stops the pair's
 * timer when leadership goes, but a cycle already running would go on writing while another node starts: so the
 * sync routes ask {@link #lost} at the cycle's start, before every write of the push and after the push, and stop
 * there. Without a cluster (leadsync.cluster=none) this node leads every pair.
 * <p>
 * Registered as a lifecycle strategy: every route under {@code master:} gets a listener on its election, which logs
 * each change of this node's leadership.
 */
public final class Leadership extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    /** A pair's election: leadsync-&lt;pair&gt;. */
    public static final String NAMESPACE_PREFIX = "leadsync-";

    private final CamelClusterService service;
    private final String node;
    private final List<Consumer<String>> gainedHooks = new CopyOnWriteArrayList<>();
    /** The pairs whose gained hooks ran since this node last took the lead of them. */
    private final Set<String> leading = ConcurrentHashMap.newKeySet();
    /** The pairs whose stop was logged since they were lost. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    private Leadership(CamelClusterService service, String node) {
        this.service = service;
        this.node = node;
    }

    /** One node: it leads every pair. */
    public static Leadership alone(String node) {
        return new Leadership(null, node);
    }

    /** The pairs' elections held by {@code service}, this node named {@code node}. */
    public static Leadership in(CamelClusterService service, String node) {
        return new Leadership(service, node);
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

    /** Whether this node leads the pair now. */
    public boolean leads(String pair) {
        return service == null || service.isLeader(namespace(pair));
    }

    /**
     * The sync routes' guard: true when this node no longer leads the pair, and the cycle or push stops here (one
     * line the first time). While it leads, the gained hooks run first if it has just taken the lead.
     */
    public boolean lost(@ExchangeProperty("pair") String pair) {
        if (leads(pair)) {
            stopped.remove(pair);
            if (leading.add(pair)) {
                gainedHooks.forEach(hook -> hook.accept(pair));
            }
            return false;
        }
        leading.remove(pair);
        if (stopped.add(pair)) {
            LOG.warn("lost leadership of {}; stopping before the next write", pair);
        }
        return true;
    }

    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            if (service != null && route.getEndpoint() instanceof MasterEndpoint master
                    && master.getNamespace().startsWith(NAMESPACE_PREFIX)) {
                watches.computeIfAbsent(route.getRouteId(), id -> watch(master.getNamespace()));
            }
        }
    }

    @Override
    public void onRoutesRemove(Collection<Route> routes) {
        for (Route route : routes) {
            Watch watch = watches.remove(route.getRouteId());
            if (watch != null) {
                watch.view.removeEventListener(watch);
                try {
                    service.releaseView(watch.view);
                } catch (Exception e) {
                    LOG.debug("releasing the election {} failed", watch.view.getNamespace(), e);
                }
            }
        }
    }

    private Watch watch(String namespace) {
        try {
            CamelClusterView view = service.getView(namespace);
            Watch watch = new Watch(view, namespace.substring(NAMESPACE_PREFIX.length()));
            view.addEventListener(watch);
            return watch;
        } catch (Exception e) {
            throw new IllegalStateException("the election " + namespace + " could not be joined: " + e.getMessage(), e);
        }
    }

    /** Logs each change of this node's leadership of one pair (on the cluster service's thread). */
    private final class Watch implements CamelClusterEventListener.Leadership {
        private final CamelClusterView view;
        private final String pair;
        private boolean leader;

        private Watch(CamelClusterView view, String pair) {
            this.view = view;
            this.pair = pair;
        }

        @Override
        public synchronized void leadershipChanged(CamelClusterView changed, CamelClusterMember leaderNow) {
            boolean now = changed.getLocalMember().isLeader();
            if (now == leader) {
                return;
            }
            leader = now;
            if (now) {
                LOG.info("node {} leads pair {}", node, pair);
            } else {
                // taken again later, the gained hooks run again
                leading.remove(pair);
                LOG.info("node {} lost leadership of pair {}", node, pair);
            }
        }
    }
}
