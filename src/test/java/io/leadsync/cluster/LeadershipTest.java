package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.leadsync.support.LogCapture;
import io.leadsync.support.ShiftableClock;
import io.leadsync.support.SwitchableClusterService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The guard the sync routes ask at a cycle's start, before every write and after the push: a node that does not lead
 * the pair stops there, saying so once; the hooks of a node taking the lead run before its first cycle as leader. And
 * the watch that a pair led here is synced here.
 */
class LeadershipTest {

    private final SwitchableClusterService cluster = new SwitchableClusterService("node-a");
    private final Leadership leadership = Leadership.in(cluster, "node-a");
    private final List<String> gained = new ArrayList<>();

    LeadershipTest() {
        leadership.onGained(gained::add);
    }

    @Test
    void aNodeAloneLeadsEveryPairAndRunsTheGainedHooksOnceBeforeItsFirstCycle() {
        Leadership alone = Leadership.alone("node-a");
        alone.onGained(gained::add);

        assertThat(alone.lost("trello")).isFalse();
        assertThat(alone.lost("trello")).isFalse();
        assertThat(alone.lost("clickup")).isFalse();

        assertThat(alone.leads("trello")).isTrue();
        assertThat(gained).containsExactly("trello", "clickup");
    }

    @Test
    void aPairLedElsewhereStopsBeforeTheWriteSayingSoOnce() {
        cluster.lead("leadsync-trello");
        assertThat(leadership.lost("trello")).isFalse();

        cluster.lose("leadsync-trello");
        try (LogCapture log = LogCapture.start()) {
            assertThat(leadership.lost("trello")).isTrue();
            assertThat(leadership.lost("trello")).isTrue();

            assertThat(log.text().lines().filter(l -> l.contains("lost leadership of trello; stopping before the next write")))
                    .hasSize(1);
        }
        assertThat(leadership.leads("trello")).isFalse();
        assertThat(leadership.leads("clickup")).as("a pair this node never led").isFalse();
    }

    @Test
    void takingTheLeadAgainRunsTheGainedHooksAgain() {
        cluster.lead("leadsync-trello");
        leadership.lost("trello");
        leadership.lost("trello");
        assertThat(gained).containsExactly("trello");

        cluster.lose("leadsync-trello");
        leadership.lost("trello");
        cluster.lead("leadsync-trello");

        assertThat(leadership.lost("trello")).isFalse();
        assertThat(gained).containsExactly("trello", "trello");
    }

    @Test
    void aPairsTimerUnderMasterRunsWhileThisNodeLeadsAndEachChangeIsLogged() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        try (LogCapture log = LogCapture.start(); CamelContext context = new DefaultCamelContext()) {
            context.addService(cluster);
            context.getManagementStrategy().addEventNotifier(leadership);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("master:leadsync-trello:timer:trello-sync?period=10").process(e -> ticks.incrementAndGet());
                }
            });
            context.start();
            assertThat(ticks).as("no tick before this node leads").hasValue(0);

            cluster.lead("leadsync-trello");
            await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() > 2);
            assertThat(log.text()).contains("node node-a leads pair trello");

            cluster.lose("leadsync-trello");
            assertThat(log.text()).contains("node node-a lost leadership of pair trello");
            int atLoss = ticks.get();
            // the timer is stopped when leadership goes (a tick already running may finish)
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> ticks.get() <= atLoss + 1);
        }
    }

    @Test
    void aPairLedHereWhoseTimerNeverTicksIsElectedAgainOnceItsGraceIsOver() throws Exception {
        ShiftableClock clock = new ShiftableClock();
        Leadership watched = Leadership.in(cluster, "node-a", clock);
        try (LogCapture log = LogCapture.start(); CamelContext context = new DefaultCamelContext()) {
            context.addService(cluster);
            context.start();
            cluster.getView("leadsync-trello"); // held, as the pairs' master consumers hold them
            cluster.getView("leadsync-clickup");
            cluster.lead("leadsync-trello");
            cluster.lead("leadsync-clickup");
            watched.lost("trello");
            watched.lost("clickup");
            watched.ticked("clickup"); // clickup's timer runs here; trello's never ticked

            watched.restartStalled(15_000);
            assertThat(cluster.starts("leadsync-trello")).as("within its grace").isEqualTo(1);

            clock.shift(Duration.ofSeconds(15));
            watched.restartStalled(15_000);
            assertThat(cluster.starts("leadsync-trello")).as("left and joined again").isEqualTo(2);
            assertThat(cluster.starts("leadsync-clickup")).as("running: left alone").isEqualTo(1);
            assertThat(log.text()).contains("node node-a has led pair trello for 15 s and its cycle has not started");

            // won again, a new grace; its timer runs from then on
            watched.ticked("trello");
            clock.shift(Duration.ofSeconds(60));
            watched.restartStalled(15_000);
            assertThat(cluster.starts("leadsync-trello")).isEqualTo(2);
        }
    }
}
