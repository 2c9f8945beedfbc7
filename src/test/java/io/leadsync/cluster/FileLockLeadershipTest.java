package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.support.ClusterScenario;
import io.leadsync.support.CycleLog;
import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.LeadsyncRun;
import org.apache.camel.component.master.MasterEndpoint;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two leadsync nodes sharing a directory for Camel's file-lock cluster service: each pair's timer runs under its own
 * lock (master:leadsync-&lt;pair&gt;:), only the node holding it syncs the pair, and the other takes over when the
 * holder is killed (kill -9; a stop releases the lock at once). Followers try for a lock every 300 ms here (2 s by default); the takeover
 * times are printed.
 */
class FileLockLeadershipTest extends ClusterScenario {

    private static final int ACQUIRE_INTERVAL = 300;

    @TempDir
    Path shared;

    FileLockLeadershipTest() {
        super(71);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    private Map<String, String> clustered(String node) {
        return node(node, Map.of("leadsync.cluster", "file", "leadsync.cluster.file.root", shared.toString(),
                "leadsync.cluster.file.acquire-interval", String.valueOf(ACQUIRE_INTERVAL)));
    }

    private LeadsyncRun nodeB() {
        return otherNode(clustered("node-b"));
    }

    private static Leadership leadership(LeadsyncRun run) {
        return run.context().getRegistry().lookupByNameAndType("leadership", Leadership.class);
    }

    @Test
    void onlyTheHolderOfThePairsLockSyncsItAndWhenItIsKilledTheOtherTakesTheLock() throws Exception {
        try (LeadsyncProcess holder = childNode(clustered("node-a"))) {
            holder.awaitCount(l -> l.contains("node node-a leads pair trello"), 1, LeadsyncProcess.START_BOUND);
            awaitEveryLeadCardedOnce();
            CycleLog bCycles = CycleLog.of(nodeB(), "trello");
            other.start();
            assertThat(other.context().getRoute("trello-sync").getEndpoint())
                    .isInstanceOfSatisfying(MasterEndpoint.class, master -> assertThat(master.getNamespace())
                            .isEqualTo("leadsync-trello"));
            int polls = sandboxes.airtable.calls("GET");
            eventually().until(() -> sandboxes.airtable.calls("GET") >= polls + 5); // the holder goes on syncing
            assertThat(leadership(other).leads("trello")).isFalse();
            assertThat(bCycles.count()).as("cycles run by the node without the lock").isZero();

            long killed = System.currentTimeMillis();
            holder.kill();
            eventually().until(() -> bCycles.count() > 0);
            System.out.printf("File lock takeover after kill -9 of the holder: %d ms to the new leader's first cycle "
                    + "(acquire interval %d ms)%n", bCycles.firstEnded() - killed, ACQUIRE_INTERVAL);
        }
        String newLead = sandboxes.addLead("Barbara Liskov", "NEW");
        eventually().until(() -> sandboxes.openCardsByLead().containsKey(newLead));
        awaitEveryLeadCardedOnce();
    }
}
