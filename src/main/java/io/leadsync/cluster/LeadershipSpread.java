package io.leadsync.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership spread across the nodes of a ZooKeeper cluster (routes/leadership-spread.camel.yaml, every
 * leadsync.cluster.spread-interval): the first node up wins every election, so a node that leads a pair
 * {@link FairShare} gives to another node yields it, once that node is in the pair's election: it leaves the election
 * and joins it again at the back (Camel's view stopped and started). A node that fell out of an election (a lost
 * ZooKeeper session) joins it again. Every node computes the same shares from the same members (the union of its
 * elections' members), so the pairs settle where FairShare puts them, and move again only when a node joins or
 * leaves.
 */
public final class LeadershipSpread {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipSpread.class);

    private final CamelClusterService service;
    private final String node;
    private final Supplier<Collection<CamelClusterView>> elections;

    public LeadershipSpread(CamelClusterService service, String node, Supplier<Collection<CamelClusterView>> elections) {
        this.service = service;
        this.node = node;
        this.elections = elections;
    }

    /**
     * Joins again the elections this node fell out of, and yields every pair it leads that FairShare gives to another
     * node taking part in the pair's election.
     */
    public void spread() throws Exception {
        List<CamelClusterView> views = List.copyOf(elections.get());
        Set<String> members = new TreeSet<>();
        for (CamelClusterView view : views) {
            members.addAll(ids(view));
        }
        for (CamelClusterView view : views) {
            String namespace = view.getNamespace();
            String pair = namespace.substring(Leadership.NAMESPACE_PREFIX.length());
            Set<String> candidates = ids(view);
            if (!candidates.contains(node)) {
                // Camel's ZooKeeper view leaves the election for good when its session is lost, and a view started
                // again while its last attempt is still ending does not queue: a stop and a start join it again
                LOG.info("node {} joins the election of pair {} again", node, pair);
                restart(namespace);
            } else if (view.getLocalMember().isLeader()) {
                String preferred = FairShare.preferredLeader(namespace, members).orElse(node);
                // a node that is not in this pair's election (the pair disabled there) could not take it
                if (!preferred.equals(node) && candidates.contains(preferred)) {
                    LOG.info("node {} yields pair {} to node {} (leadership spread)", node, pair, preferred);
                    restart(namespace);
                }
            }
        }
    }

    /** Out of the election and back in, at the back of its queue. */
    private void restart(String namespace) throws Exception {
        service.stopView(namespace);
        service.startView(namespace);
    }

    private static Set<String> ids(CamelClusterView view) {
        return view.getMembers().stream().map(CamelClusterMember::getId).collect(Collectors.toSet());
    }
}
