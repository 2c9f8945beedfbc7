package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.observe.PairHealth;
import io.leadsync.observe.PairWatch;
import io.leadsync.support.ClusterScenario;
import io.leadsync.support.CycleLog;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.LoopbackProxy;
import org.apache.curator.test.TestingServer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two leadsync nodes against the same services and one ZooKeeper (curator-test's embedded server): only the pair's
 * leader syncs it; when the leader stops or is cut off from ZooKeeper, the other takes over, and a leader cut off
 * stops before the other starts (kill -9 of the leader: SharedStateFailoverTest). Different pairs can be led by
 * different nodes. Each node keeps its own data directory; their state is in one PostgreSQL database.
 * Sessions time out after 4 s here (15 s by default); the takeover times are printed.
 */
class ZooKeeperLeadershipTest extends ClusterScenario {

    /**
     * The longest session a ZooKeeper ticking every 200 ms grants: a loaded machine once stalled the test JVM for 3.4 s
     * and a 2 s session expired under a leader that was meant to keep its lead.
     */
    private static final int SESSION_TIMEOUT = 4000;
    private static TestingServer zooKeeper;

    ZooKeeperLeadershipTest() {
        super(67);
    }

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = embeddedZooKeeper();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    private Map<String, String> clustered(String node, String zooKeeperAddress) {
        return node(node, onZooKeeper(zooKeeperAddress, SESSION_TIMEOUT));
    }

    private LeadsyncRun nodeA(String zooKeeperAddress) {
        LeadsyncRun run = sync();
        clustered("node-a", zooKeeperAddress).forEach(run::with);
        return run;
    }

    private LeadsyncRun nodeB() {
        return otherNode(clustered("node-b", zooKeeper.getConnectString()));
    }

    private static Leadership leadership(LeadsyncRun run) {
        return run.context().getRegistry().lookupByNameAndType("leadership", Leadership.class);
    }

    /** The follower has joined the pair's election and waits in it while the leader goes on syncing. */
    private void awaitFollowing(CycleLog leader, CycleLog follower, LeadsyncRun followerRun) {
        int from = leader.count();
        eventually().until(() -> leader.count() >= from + 2);
        assertThat(leadership(followerRun).leads("trello")).isFalse();
        assertThat(follower.count()).as("cycles run by the follower").isZero();
        assertThat(followerRun.context().getRegistry().lookupByNameAndType("trelloWatch", PairWatch.class).health())
                .as("the follower's readiness").isEqualTo(new PairHealth("UP", "led by another node"));
    }

    /** node-a syncs only the trello pair, node-b both: each leads one, and node-b takes trello over from node-a. */
    @Test
    void onlyTheLeaderSyncsAPairTwoNodesLeadTwoPairsAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
        LeadsyncRun a = nodeA(zooKeeper.getConnectString()).with("leadsync.trackers", "trello");
        CycleLog aCycles = CycleLog.of(a, "trello");
        a.start();
        awaitEveryLeadCardedOnce();
        assertThat(leadership(a).leads("trello")).isTrue();

        LeadsyncRun b = nodeB().with("leadsync.trackers", "trello,clickup");
        CycleLog bCycles = CycleLog.of(b, "trello");
        CycleLog bClickUp = CycleLog.of(b, "clickup");
        // what the gained hooks see: the pair, the thread, and how many of its cycles node-b had run
        List<String> gained = new java.util.concurrent.CopyOnWriteArrayList<>();
        b.afterConfigure(context -> context.getRegistry().lookupByNameAndType("leadership", Leadership.class)
                .onGained(pair -> gained.add(pair + " on " + Thread.currentThread().getName().replaceAll(".* - ", "")
                        + " after " + ("trello".equals(pair) ? bCycles : bClickUp).count() + " cycle(s)")));
        b.start();
        awaitFollowing(aCycles, bCycles, b);
        eventually().until(() -> bClickUp.count() > 0);
        assertThat(leadership(b).leads("clickup")).isTrue();
        assertThat(sandboxes.tasksByLead()).hasSize(sandboxes.leads().size());

        long stopped = System.currentTimeMillis();
        a.stop();
        app = null;
        eventually().until(() -> bCycles.count() > 0);
        System.out.printf("ZooKeeper takeover after the leader's stop: %d ms to the new leader's first cycle%n",
                bCycles.firstEnded() - stopped);
        assertThat(aCycles.lastEnded()).isLessThanOrEqualTo(bCycles.firstStarted());
        assertThat(gained).containsExactly("clickup on timer://clickup-sync after 0 cycle(s)",
                "trello on timer://trello-sync after 0 cycle(s)");

        // the new leader syncs: a new lead gets its card, and no lead a second one
        String newLead = sandboxes.addLead("Barbara Liskov", "NEW");
        eventually().until(() -> sandboxes.openCardsByLead().containsKey(newLead));
        awaitEveryLeadCardedOnce();
    }

    @Test
    void aLeaderCutOffFromZooKeeperStopsBeforeTheOtherStarts() throws Exception {
        try (LoopbackProxy link = new LoopbackProxy(zooKeeper.getPort()); LogCapture log = LogCapture.start()) {
            LeadsyncRun a = nodeA(link.address());
            CycleLog aCycles = CycleLog.of(a, "trello");
            a.start();
            awaitEveryLeadCardedOnce();
            CycleLog bCycles = CycleLog.of(nodeB(), "trello");
            other.start();
            awaitFollowing(aCycles, bCycles, other);

            long cut = System.currentTimeMillis();
            link.close();
            eventually().until(() -> !leadership(a).leads("trello"));
            long stoppedAfter = System.currentTimeMillis() - cut;
            eventually().until(() -> bCycles.count() > 0);
            System.out.printf("ZooKeeper partition: the cut-off leader stopped after %d ms; the other's first cycle "
                    + "ended %d ms after the cut (session timeout %d ms)%n", stoppedAfter,
                    bCycles.firstEnded() - cut, SESSION_TIMEOUT);

            assertThat(aCycles.lastEnded()).as("the old leader's last cycle ended before the new leader's first began")
                    .isLessThanOrEqualTo(bCycles.firstStarted());
            assertThat(log.text()).contains("node node-a lost leadership of pair trello")
                    .contains("node node-b leads pair trello");
            String newLead = sandboxes.addLead("Barbara Liskov", "NEW");
            eventually().until(() -> sandboxes.openCardsByLead().containsKey(newLead));
            assertThat(aCycles.lastEnded()).isLessThanOrEqualTo(bCycles.firstStarted());
        }
    }
}
