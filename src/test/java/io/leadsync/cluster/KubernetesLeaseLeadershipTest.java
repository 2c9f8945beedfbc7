package io.leadsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.leadsync.support.ClusterScenario;
import io.leadsync.support.CycleLog;
import io.leadsync.support.LeadsyncProcess;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two leadsync nodes electing the trello pair's leader through a Kubernetes Lease (camel-kubernetes, over HTTP to
 * fabric8's API server emulator in CRUD mode: it keeps objects and refuses a stale resourceVersion with 409, which is
 * all a Lease election asks of the API server). The pods are objects in that server, Running and Ready as the kubelet
 * reports them: Camel's election counts the Ready pods with the labels as its members, and a leader stays leader
 * for as long as its pod is among them, whatever the Lease's renewTime says.
 * <p>
 * The leader, a child JVM, is killed with kill -9 and its pod then reported not Ready, as the kubelet does when a
 * container dies: the other node takes the Lease, and syncs only after one more lease duration (Camel's wait for an
 * old leader still finishing). The takeover time is printed.
 */
class KubernetesLeaseLeadershipTest extends ClusterScenario {

    private static final String NAMESPACE = "sync";
    private static final int LEASE = 3000;
    private static KubernetesMockServer apiServer;
    private static KubernetesClient kubectl;
    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger API_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    KubernetesLeaseLeadershipTest() {
        super(73);
    }

    @BeforeAll
    static void startTheApiServer() {
        API_SERVER_LOG.setLevel(java.util.logging.Level.WARNING); // a line per request otherwise
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        apiServer.init();
        kubectl = apiServer.createClient();
        for (String pod : List.of("leadsync-a", "leadsync-b")) {
            kubectl.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                    .withNewMetadata().withName(pod).addToLabels("app", "leadsync").endMetadata()
                    .withNewStatus().withPhase("Running")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus().build()).create();
        }
    }

    @AfterAll
    static void stopTheApiServer() {
        kubectl.close();
        apiServer.destroy();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    private Map<String, String> pod(String name) {
        return node(name, Map.of("leadsync.cluster", "kubernetes",
                "leadsync.cluster.kubernetes.master-url", apiServer.url("/"),
                "leadsync.cluster.kubernetes.namespace", NAMESPACE,
                "leadsync.cluster.kubernetes.labels", "app=leadsync",
                "leadsync.cluster.kubernetes.lease-duration", String.valueOf(LEASE),
                "leadsync.cluster.kubernetes.renew-deadline", "2000",
                "leadsync.cluster.kubernetes.retry-period", "300"));
    }

    /** What the kubelet reports when the pod's container has died. */
    private static void reportNotReady(String pod) {
        kubectl.pods().inNamespace(NAMESPACE).withName(pod).editStatus(p -> new PodBuilder(p).editStatus()
                .editFirstCondition().withStatus("False").endCondition().endStatus().build());
    }

    /** Who holds the trello pair's Lease, as the API server has it. */
    private static String trelloLeaseHolder() {
        return kubectl.leases().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(lease -> lease.getMetadata().getName().endsWith("leadsync-trello"))
                .map(Lease::getSpec).map(spec -> spec.getHolderIdentity()).findFirst().orElse(null);
    }

    @Test
    void onlyTheLeaseHolderSyncsAndWhenItsPodIsNoLongerReadyTheOtherTakesTheLease() throws Exception {
        try (LeadsyncProcess a = childNode(pod("leadsync-a"))) {
            a.awaitCount(l -> l.contains("node leadsync-a leads pair trello"), 1, LeadsyncProcess.START_BOUND);
            awaitEveryLeadCardedOnce();
            assertThat(trelloLeaseHolder()).isEqualTo("leadsync-a");

            CycleLog bCycles = CycleLog.of(otherNode(pod("leadsync-b")), "trello");
            other.start();
            int polls = sandboxes.airtable.calls("GET");
            eventually().until(() -> sandboxes.airtable.calls("GET") >= polls + 5); // the holder goes on syncing
            assertThat(bCycles.count()).as("cycles run by the node without the Lease").isZero();
            assertThat(trelloLeaseHolder()).isEqualTo("leadsync-a");

            a.kill();
            long notReady = System.currentTimeMillis();
            reportNotReady("leadsync-a");
            eventually().until(() -> bCycles.count() > 0);
            System.out.printf("Kubernetes Lease takeover after kill -9 of the holder: %d ms from its pod's not Ready to "
                    + "the new leader's first cycle (lease duration %d ms)%n", bCycles.firstEnded() - notReady, LEASE);
            assertThat(bCycles.firstStarted() - notReady).as("the new holder waited a lease duration")
                    .isGreaterThanOrEqualTo(LEASE);
        }
        assertThat(trelloLeaseHolder()).isEqualTo("leadsync-b");
        String newLead = sandboxes.addLead("Barbara Liskov", "NEW");
        eventually().until(() -> sandboxes.openCardsByLead().containsKey(newLead));
        awaitEveryLeadCardedOnce();
    }
}
