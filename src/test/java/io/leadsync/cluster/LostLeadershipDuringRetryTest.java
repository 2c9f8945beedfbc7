package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.leadsync.sandbox.Fault;
import io.leadsync.support.CycleLog;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.SwitchableClusterService;
import io.leadsync.support.SyncScenario;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * A write that failed and waits for its retry when the node loses the pair's lead is not sent again: the retry asks
 * the guard first, as the first attempt did, and the change is left to the pair's next leader (which, after its
 * election, may already have written something newer that the old value would overwrite). A cycle whose read fails
 * after the lead went elsewhere ends as a hand-over, not as a failure.
 */
class LostLeadershipDuringRetryTest extends SyncScenario {

    /** Long enough for the test to take the lead away while the write waits. */
    private static final int RETRY_DELAY = 3000;
    private final SwitchableClusterService cluster = new SwitchableClusterService("node-a");

    LostLeadershipDuringRetryTest() {
        super(79);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10));
    }

    @Test
    void aMoveWaitingForItsRetryIsNotSentAgainOnceTheLeadIsLost() throws Exception {
        cluster.lead(Leadership.namespace("trello"));
        LeadsyncRun run = sync().with("leadsync.retry.delay", String.valueOf(RETRY_DELAY));
        run.afterConfigure(context -> context.getRegistry().bind("leadership", Leadership.in(cluster, "node-a")));
        CycleLog cycles = CycleLog.of(run, "trello");
        run.start();
        String ada = sandboxes.leadId("Ada Lovelace");
        long carded = sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status"))).count();
        eventually().until(() -> sandboxes.openCardsByLead().size() == carded);
        run.awaitCycles("trello", 2); // settled: the ids written back, nothing left to push
        String list = sandboxes.cardOf(ada).idList();
        int moves = sandboxes.trello.calls("PUT /1/cards");

        sandboxes.trello.faults().inject(Fault.SERVER_ERROR_500, 1, "PUT /1/cards/");
        try (LogCapture log = LogCapture.start()) {
            sandboxes.setLead(ada, "Status", "QUALIFIED"); // its card moves to DONE
            eventually().until(() -> sandboxes.trello.faults().injected().getOrDefault(Fault.SERVER_ERROR_500, 0) == 1);
            int ended = cycles.count();
            cluster.lose(Leadership.namespace("trello"));
            eventually().until(() -> cycles.count() > ended); // the cycle whose move failed

            assertThat(sandboxes.trello.calls("PUT /1/cards")).as("the move, sent once").isEqualTo(moves + 1);
            assertThat(sandboxes.cardOf(ada).idList()).isEqualTo(list);
            assertThat(log.text()).contains("lost leadership of trello; stopping before the next write");
        }
    }

    @Test
    void aCycleWhoseReadFailsOnceTheLeadIsLostEndsAsAHandOverNotAnError() throws Exception {
        cluster.lead(Leadership.namespace("trello"));
        LeadsyncRun run = sync().with("leadsync.retry.read-delay", String.valueOf(RETRY_DELAY))
                .with("leadsync.retry.read-attempts", "2");
        run.afterConfigure(context -> context.getRegistry().bind("leadership", Leadership.in(cluster, "node-a")));
        sandboxes.airtable.faults().inject(Fault.SERVER_ERROR_500, 2, "GET /v0/{baseId}/{table}");
        try (LogCapture log = LogCapture.start()) {
            run.start();
            // the first cycle's read of the leads failed once and waits for its retry, which fails too
            eventually().until(() -> sandboxes.airtable.faults().injected().getOrDefault(Fault.SERVER_ERROR_500, 0) == 1);
            cluster.lose(Leadership.namespace("trello"));
            eventually().until(() -> sandboxes.airtable.faults().injected().getOrDefault(Fault.SERVER_ERROR_500, 0) == 2);

            eventually().until(() -> log.text().contains("cycle cut short: pair trello is led by another node now"));
            assertThat(log.text()).doesNotContain("cycle skipped");
        }
    }
}
