package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.leadsync.cluster.Leadership;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * leadsync.cluster chooses Camel's cluster service and its settings; each pair's timer then runs under the pair's
 * own election (the prefix master:leadsync-{{pair}}:). A setting that cannot work stops start-up in one line that
 * names what to fix.
 */
class ClusterStartupTest {

    private CamelContext context;

    @AfterEach
    void close() {
        context.stop();
    }

    /** A context of its own each time, as each start-up has. */
    private Leadership configure(Map<String, String> properties) throws Exception {
        if (context != null) {
            context.stop();
        }
        context = new DefaultCamelContext();
        // a cluster needs shared state (refused otherwise, below): only the setting is read here
        context.getPropertiesComponent().addOverrideProperty("leadsync.state", "postgresql");
        properties.forEach(context.getPropertiesComponent()::addOverrideProperty);
        return ClusterStartup.configure(context, new Settings(context));
    }

    /** The prefix of the timer's URI as the sync-cycle template makes the route of the pair named trello. */
    private String prefix() {
        java.util.Properties template = new java.util.Properties();
        template.put("pair", "trello");
        context.getPropertiesComponent().setLocalProperties(template);
        return context.getPropertiesComponent().resolveProperty("leadsync.cluster.sync-prefix").orElseThrow();
    }

    private <T extends CamelClusterService> T service(Class<T> type) {
        return context.hasService(type);
    }

    @Test
    void withoutAClusterThisNodeLeadsEveryPairUnderAPlainTimer() throws Exception {
        Leadership leadership = configure(Map.of("leadsync.cluster", "none"));

        assertThat(prefix()).isEmpty();
        assertThat(context.hasService(CamelClusterService.class)).isNull();
        assertThat(leadership.elected()).isFalse();
        assertThat(context.getPropertiesComponent().resolveProperty("leadsync.cluster.elected")).hasValue("false");
        assertThat(leadership.leads("trello")).isTrue();
        assertThat(context.getRegistry().lookupByName("leadership")).isSameAs(leadership);
    }

    @Test
    void aSharedDirectoryIsCamelsFileLockService() throws Exception {
        Leadership leadership = configure(Map.of("leadsync.cluster", "file", "leadsync.cluster.file.root", "/shared/leadsync",
                "leadsync.cluster.file.acquire-interval", "500", "leadsync.cluster.node-id", "node-a"));

        FileLockClusterService file = service(FileLockClusterService.class);
        assertThat(file.getRoot()).isEqualTo("/shared/leadsync");
        assertThat(file.getAcquireLockInterval()).isEqualTo(500);
        assertThat(file.getAcquireLockIntervalUnit()).isEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(file.getId()).isEqualTo("node-a");
        assertThat(leadership.node()).isEqualTo("node-a");
        assertThat(prefix()).isEqualTo("master:leadsync-trello:");
        assertThat(context.getPropertiesComponent().resolveProperty("leadsync.cluster.spread"))
                .as("a lock file knows no members to spread the pairs over").hasValue("false");
        assertThat(context.getPropertiesComponent().resolveProperty("leadsync.cluster.elected"))
                .as("the leadership watch runs under every cluster").hasValue("true");
    }

    @Test
    void zooKeeperTakesTheEnsembleBasePathAndTimeouts() throws Exception {
        configure(Map.of("leadsync.cluster", "zookeeper", "leadsync.cluster.zookeeper.nodes", "zk1:2181,zk2:2181",
                "leadsync.cluster.zookeeper.session-timeout", "2000", "leadsync.cluster.zookeeper.connect-timeout", "1000"));

        ZooKeeperClusterService zk = service(ZooKeeperClusterService.class);
        assertThat(zk.getNodes()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(zk.getBasePath()).isEqualTo("/leadsync");
        assertThat(zk.getSessionTimeout()).isEqualTo(2000);
        assertThat(zk.getConnectTimeout()).isEqualTo(1000);
        assertThat(zk.getId()).as("host name and pid").endsWith("-" + ProcessHandle.current().pid());
        assertThat(context.getPropertiesComponent().resolveProperty("leadsync.cluster.spread")).hasValue("true");
        assertThat(context.getRegistry().lookupByName("leadershipSpread")).isNotNull();
    }

    @Test
    void kubernetesTakesLeasesInTheNamespaceAmongTheLabelledPods() throws Exception {
        configure(Map.of("leadsync.cluster", "kubernetes", "leadsync.cluster.kubernetes.namespace", "sync",
                "leadsync.cluster.kubernetes.labels", "app=leadsync, tier=sync",
                "leadsync.cluster.kubernetes.master-url", "https://10.0.0.1:6443",
                "leadsync.cluster.kubernetes.lease-duration", "9000", "leadsync.cluster.kubernetes.renew-deadline", "6000",
                "leadsync.cluster.kubernetes.retry-period", "1000", "leadsync.cluster.node-id", "leadsync-7d9f-x2"));

        KubernetesClusterService k8s = service(KubernetesClusterService.class);
        assertThat(k8s.getKubernetesNamespace()).as("the client's").isEqualTo("sync");
        assertThat(k8s.getKubernetesResourcesNamespace()).as("the Leases' and the pods'").isEqualTo("sync");
        assertThat(k8s.getClusterLabels()).isEqualTo(Map.of("app", "leadsync", "tier", "sync"));
        assertThat(k8s.getMasterUrl()).isEqualTo("https://10.0.0.1:6443");
        assertThat(k8s.getPodName()).isEqualTo("leadsync-7d9f-x2");
        assertThat(k8s.getLeaseDurationMillis()).isEqualTo(9000);
        assertThat(k8s.getRenewDeadlineMillis()).isEqualTo(6000);
        assertThat(k8s.getRetryPeriodMillis()).isEqualTo(1000);
    }

    /** Built without OpenShift's client: the Lease election still starts, and leads nothing it cannot reach. */
    @Test
    void aKubernetesNodeThatCannotReachTheApiServerLeadsNoPair() throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();
        Leadership leadership = configure(Map.of("leadsync.cluster", "kubernetes",
                "leadsync.cluster.kubernetes.master-url", "http://127.0.0.1:" + closed,
                "leadsync.cluster.kubernetes.namespace", "sync", "leadsync.cluster.node-id", "leadsync-0"));
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("master:leadsync-trello:timer:trello-sync?period=10").process(e -> ticks.incrementAndGet());
            }
        });
        context.start();

        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(5)).until(() -> ticks.get() == 0);
        assertThat(leadership.leads("trello")).isFalse();
        assertThat(leadership.lost("trello")).isTrue();
    }

    @Test
    void whatCannotWorkIsOneLineNamingWhatToFix() {
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "zookeeper", "leadsync.state", "files",
                "leadsync.cluster.zookeeper.nodes", "zk:2181")))
                .hasMessage("leadsync.cluster=zookeeper needs state every node shares: set leadsync.state=postgresql "
                        + "and leadsync.postgresql.url (README, \"Running on more than one node\")");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "zookeeper")))
                .hasMessage("Missing setting leadsync.cluster.zookeeper.nodes: leadsync.cluster=zookeeper needs the "
                        + "ensemble's host:port list");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "file")))
                .hasMessage("Missing setting leadsync.cluster.file.root: leadsync.cluster=file needs a directory every "
                        + "node shares");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "etcd")))
                .hasMessage("leadsync.cluster is 'etcd'; use none, file, zookeeper or kubernetes");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "zookeeper", "leadsync.cluster.zookeeper.nodes",
                "zk:2181", "leadsync.cluster.zookeeper.session-timeout", "15s")))
                .hasMessage("leadsync.cluster.zookeeper.session-timeout is '15s'; use a positive whole number of milliseconds");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "zookeeper", "leadsync.cluster.zookeeper.nodes",
                "zk:2181", "leadsync.cluster.watch-interval", "0")))
                .hasMessage("leadsync.cluster.watch-interval is '0'; use a positive whole number of milliseconds");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "kubernetes",
                "leadsync.cluster.kubernetes.labels", "app")))
                .hasMessage("leadsync.cluster.kubernetes.labels has 'app'; use name=value pairs separated by commas, "
                        + "e.g. app=leadsync");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "kubernetes",
                "leadsync.cluster.kubernetes.renew-deadline", "20000")))
                .hasMessage("leadsync.cluster.kubernetes: retry-period (2000) x 1.2 < renew-deadline (20000) < "
                        + "lease-duration (15000) must hold");
        assertThatThrownBy(() -> configure(Map.of("leadsync.cluster", "kubernetes",
                "leadsync.cluster.kubernetes.retry-period", "9000")))
                .hasMessage("leadsync.cluster.kubernetes: retry-period (9000) x 1.2 < renew-deadline (10000) < "
                        + "lease-duration (15000) must hold");
    }
}
