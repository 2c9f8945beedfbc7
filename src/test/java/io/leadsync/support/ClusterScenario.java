package io.leadsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the scenarios with two leadsync nodes: this test's node ({@link #app}, or a child JVM) and the other
 * ({@link #other}, in this JVM, stopped after each test, with a data directory of its own), sharing one fresh
 * PostgreSQL database as a cluster must.
 */
public abstract class ClusterScenario extends SyncScenario {

    /** The state the nodes share. */
    protected final Postgres.Database db = Postgres.server().newDatabase();
    /** This test's elections apart from every other test's. */
    protected final String basePath = "/leadsync-" + UUID.randomUUID();
    @TempDir
    protected Path otherDataDir;
    /** Where a node in a child JVM runs. */
    @TempDir
    protected Path workDir;
    protected LeadsyncRun other;

    protected ClusterScenario(long seed) {
        super(seed);
    }

    /** curator-test's ZooKeeper with a 200 ms tick, so sessions may be as short as 400 ms (two ticks). */
    public static TestingServer embeddedZooKeeper() throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
    }

    /** A node's settings: the shared database, and {@code cluster} (leadsync.cluster and its settings). */
    protected Map<String, String> node(String name, Map<String, String> cluster) {
        Map<String, String> p = new LinkedHashMap<>(db.properties());
        p.putAll(cluster);
        p.put("leadsync.cluster.node-id", name);
        return p;
    }

    /**
     * The election settings of a ZooKeeper cluster at {@code address}. Whoever wins an election keeps it: moving
     * pairs to their fair share is LeadershipSpreadTest's.
     */
    protected Map<String, String> onZooKeeper(String address, int sessionTimeout) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("leadsync.cluster", "zookeeper");
        p.put("leadsync.cluster.zookeeper.nodes", address);
        p.put("leadsync.cluster.zookeeper.base-path", basePath);
        p.put("leadsync.cluster.zookeeper.session-timeout", String.valueOf(sessionTimeout));
        p.put("leadsync.cluster.zookeeper.connect-timeout", "1000");
        p.put("leadsync.cluster.spread-interval", "0");
        return p;
    }

    /** This test's node in a child JVM (kill -9 can end it), on the test classpath with the routes of ./routes. */
    protected LeadsyncProcess childNode(Map<String, String> settings) throws Exception {
        Map<String, String> p = new LinkedHashMap<>(LeadsyncRun.testProperties(sandboxes, dataDir));
        p.putAll(settings);
        p.put("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml");
        return LeadsyncProcess.onTestClasspath(workDir, p);
    }

    /** Every lead but the LOST ones has exactly one open card, within 30 s. */
    protected void awaitEveryLeadCardedOnce() {
        List<String> carded = sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status")))
                .map(l -> l.id()).toList();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(sandboxes.openCardsByLead().keySet()).containsExactlyInAnyOrderElementsOf(carded);
            assertThat(sandboxes.openCardsByLead().values()).allSatisfy(cards -> assertThat(cards).hasSize(1));
        });
    }

    /** The other node, not started yet. */
    protected LeadsyncRun otherNode(Map<String, String> settings) {
        other = new LeadsyncRun(sandboxes, otherDataDir);
        settings.forEach(other::with);
        return other;
    }

    @AfterEach
    void stopTheOtherNode() {
        if (other != null) {
            other.crash(); // the test is over: no graceful stop to wait for
        }
    }
}
