package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import io.leadsync.cluster.FairShare;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leadership spread over ZooKeeper (curator-test's server): three nodes, each set up by start-up's cluster wiring with
 * routes/leadership-spread.camel.yaml and six pairs' timers under master:leadsync-&lt;pair&gt;:. The first node up
 * wins every election; once the others are up, each pair ends up led by the one node FairShare gives it to, and when
 * a node stops, its pairs move to where FairShare puts them among the nodes left.
 */
class LeadershipSpreadTest {

    private static final List<String> PAIRS = IntStream.rangeClosed(1, 6).mapToObj(i -> "pair" + i).toList();

    private final String basePath = "/leadsync-" + UUID.randomUUID();
    private final Map<String, CamelContext> nodes = new LinkedHashMap<>();
    private TestingServer zooKeeper;

    @AfterEach
    void stopAll() throws Exception {
        nodes.values().forEach(CamelContext::stop);
        zooKeeper.close();
    }

    private CamelContext start(String node) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("leadsync.cluster", "zookeeper");
        p.put("leadsync.state", "postgresql"); // what a cluster needs; only the setting is read here
        p.put("leadsync.cluster.node-id", node);
        p.put("leadsync.cluster.zookeeper.nodes", zooKeeper.getConnectString());
        p.put("leadsync.cluster.zookeeper.base-path", basePath);
        p.put("leadsync.cluster.zookeeper.session-timeout", "2000");
        p.put("leadsync.cluster.zookeeper.connect-timeout", "1000");
        p.put("leadsync.cluster.spread-interval", "300");
        context.getPropertiesComponent().setInitialProperties(p);
        ClusterStartup.configure(context, new Settings(context));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:routes/leadership-spread.camel.yaml"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String pair : PAIRS) {
                    from("master:leadsync-" + pair + ":timer:" + pair + "-sync?period=100").routeId(pair + "-sync")
                            .log(org.apache.camel.LoggingLevel.DEBUG, "tick");
                }
            }
        });
        context.start();
        nodes.put(node, context);
        return context;
    }

    /** Each pair's leaders now, by pair: the nodes whose election says they lead it. */
    private Map<String, List<String>> leaders() {
        Map<String, List<String>> leaders = new LinkedHashMap<>();
        for (String pair : PAIRS) {
            List<String> leading = new ArrayList<>();
            nodes.forEach((node, context) -> {
                if (context.hasService(CamelClusterService.class).isLeader("leadsync-" + pair)) {
                    leading.add(node);
                }
            });
            leaders.put(pair, leading);
        }
        return leaders;
    }

    private Map<String, List<String>> fairShares() {
        Map<String, List<String>> shares = new LinkedHashMap<>();
        PAIRS.forEach(pair -> shares.put(pair, List.of(FairShare.preferredLeader("leadsync-" + pair,
                nodes.keySet()).orElseThrow())));
        return shares;
    }

    @Test
    void threeNodesEndUpSharingThePairsAsFairShareSaysAndANodeStoppingHandsItsPairsOn() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
        start("node-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> leaders().values().stream()
                .allMatch(l -> l.equals(List.of("node-1"))));

        long joined = System.currentTimeMillis();
        start("node-2");
        start("node-3");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> leaders().equals(fairShares()));
        System.out.printf("Leadership spread: %d pairs settled over 3 nodes %d ms after two nodes joined: %s%n",
                PAIRS.size(), System.currentTimeMillis() - joined, leaders());
        assertThat(leaders().values().stream().flatMap(List::stream).distinct()).as("every node leads a pair")
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");

        nodes.remove("node-2").stop();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> leaders().equals(fairShares()));
    }
}
