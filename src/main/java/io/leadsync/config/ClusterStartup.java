package io.leadsync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.leadsync.cluster.Leadership;
import io.leadsync.cluster.LeadershipSpread;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster service leadsync.cluster chooses (README "Running on more than one node"): Camel's file-lock,
 * ZooKeeper or Kubernetes Lease service, added to the context, under which each pair's timer runs as
 * {@code master:leadsync-<pair>:timer:...} (the property leadsync.cluster.sync-prefix, which routes/sync-cycle.camel.yaml
 * puts in front of its timer; empty without a cluster). Binds the bean {@code leadership} the routes ask.
 */
public final class ClusterStartup {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStartup.class);
    /** How long a pair may be led here without its timer ticking, beyond leadsync.first-poll-delay. */
    private static final long STALL_GRACE_MILLIS = 15_000;

    private ClusterStartup() {
    }

    static Leadership configure(CamelContext context, Settings settings) throws Exception {
        String cluster = Objects.requireNonNullElse(settings.optional("leadsync.cluster"), "none");
        String node = Objects.requireNonNullElse(settings.optional("leadsync.cluster.node-id"),
                defaultNodeId(cluster));
        if (!"none".equals(cluster) && !"postgresql".equals(settings.optional("leadsync.state"))) {
            // on files each node would decide from its own links and cursors: the one taking a pair over would
            // redo or undo what the other did
            throw new IllegalStateException("leadsync.cluster=" + cluster + " needs state every node shares: set "
                    + "leadsync.state=postgresql and leadsync.postgresql.url (README, \"Running on more than one "
                    + "node\")");
        }
        CamelClusterService service = switch (cluster) {
            case "none" -> null;
            case "file" -> file(settings);
            case "zookeeper" -> zooKeeper(settings);
            case "kubernetes" -> kubernetes(settings, node);
            default -> throw new IllegalStateException("leadsync.cluster is '" + cluster
                    + "'; use none, file, zookeeper or kubernetes");
        };
        Leadership leadership;
        // ZooKeeper's elections list their members; the file-lock service's know none, and a Kubernetes election's
        // members are whatever pods the labels select (yielding to one that runs no leadsync would bounce the pair)
        long spread = "zookeeper".equals(cluster) ? millisOrOff(settings, "leadsync.cluster.spread-interval", 5000) : 0;
        settings.set("leadsync.cluster.spread", String.valueOf(spread > 0));
        // routes/leadership-watch.camel.yaml: a pair led here whose timer has not ticked for this long is re-elected;
        // the first tick comes after leadsync.first-poll-delay, and Camel's master consumer starts the timer 1 s after
        // it is told (5 s more for each attempt that fails)
        settings.set("leadsync.cluster.elected", String.valueOf(service != null));
        if (service != null) {
            settings.set("leadsync.cluster.watch-interval",
                    String.valueOf(millis(settings, "leadsync.cluster.watch-interval", 5000)));
            settings.set("leadsync.cluster.stall-grace", String.valueOf(
                    millisOrOff(settings, "leadsync.first-poll-delay", 0) + STALL_GRACE_MILLIS));
        }
        if (service == null) {
            settings.set("leadsync.cluster.sync-prefix", "");
            leadership = Leadership.alone(node);
        } else {
            service.setId(node);
            context.addService(service);
            // {{pair}} is the template's parameter: resolved when the pair's route is made from the template
            settings.set("leadsync.cluster.sync-prefix", "master:" + Leadership.NAMESPACE_PREFIX + "{{pair}}:");
            leadership = Leadership.in(service, node);
            context.getManagementStrategy().addEventNotifier(leadership);
            LOG.info("leadsync.cluster={}: node {} syncs the pairs it leads", cluster, node);
        }
        context.getRegistry().bind("leadership", leadership);
        if (spread > 0) {
            // routes/leadership-spread.camel.yaml
            settings.set("leadsync.cluster.spread-interval", String.valueOf(spread));
            context.getRegistry().bind("leadershipSpread", new LeadershipSpread(service, node, leadership::elections));
        }
        return leadership;
    }

    private static CamelClusterService file(Settings settings) {
        FileLockClusterService service = new FileLockClusterService();
        service.setRoot(settings.required("leadsync.cluster.file.root",
                "leadsync.cluster=file needs a directory every node shares"));
        // Camel's unit is seconds unless told
        service.setAcquireLockInterval(millis(settings, "leadsync.cluster.file.acquire-interval", 2000),
                TimeUnit.MILLISECONDS);
        return service;
    }

    private static CamelClusterService zooKeeper(Settings settings) {
        ZooKeeperClusterService service = new ZooKeeperClusterService();
        service.setNodes(settings.required("leadsync.cluster.zookeeper.nodes",
                "leadsync.cluster=zookeeper needs the ensemble's host:port list"));
        service.setBasePath(Objects.requireNonNullElse(settings.optional("leadsync.cluster.zookeeper.base-path"),
                "/leadsync"));
        service.setSessionTimeout(millis(settings, "leadsync.cluster.zookeeper.session-timeout", 15000));
        service.setConnectTimeout(millis(settings, "leadsync.cluster.zookeeper.connect-timeout", 5000));
        return service;
    }

    private static CamelClusterService kubernetes(Settings settings, String node) {
        // built from a configuration: Camel 4.18's no-argument constructor leaves the service without one, and its
        // start then drops the master URL and namespace set below (the client would look for an in-cluster API server)
        KubernetesClusterService service = new KubernetesClusterService(new KubernetesConfiguration());
        // the Lease's holder and the member found among the labelled pods: the pod's name
        service.setPodName(node);
        String namespace = settings.optional("leadsync.cluster.kubernetes.namespace");
        if (namespace != null) {
            // the client's namespace, and the one the Leases and the member pods are looked up in
            service.setKubernetesNamespace(namespace);
            service.setKubernetesResourcesNamespace(namespace);
        }
        String masterUrl = settings.optional("leadsync.cluster.kubernetes.master-url");
        if (masterUrl != null) {
            service.setMasterUrl(masterUrl);
        }
        String labels = settings.optional("leadsync.cluster.kubernetes.labels");
        if (labels != null) {
            service.setClusterLabels(labels(labels));
        }
        long lease = millis(settings, "leadsync.cluster.kubernetes.lease-duration", 15000);
        long renew = millis(settings, "leadsync.cluster.kubernetes.renew-deadline", 10000);
        long retry = millis(settings, "leadsync.cluster.kubernetes.retry-period", 2000);
        // Camel spreads the retries by up to its jitter factor (1.2): a renewal must still fit before the deadline
        if (!(retry * service.getJitterFactor() < renew && renew < lease)) {
            throw new IllegalStateException("leadsync.cluster.kubernetes: retry-period (" + retry
                    + ") x 1.2 < renew-deadline (" + renew + ") < lease-duration (" + lease + ") must hold");
        }
        service.setLeaseDurationMillis(lease);
        service.setRenewDeadlineMillis(renew);
        service.setRetryPeriodMillis(retry);
        return service;
    }

    /** "app=leadsync,tier=sync" as a map. */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalStateException("leadsync.cluster.kubernetes.labels has '" + pair.trim()
                        + "'; use name=value pairs separated by commas, e.g. app=leadsync");
            }
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return labels;
    }

    private static long millis(Settings settings, String key, long fallback) {
        String value = settings.optional(key);
        if (value == null) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(value);
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException(key + " is '" + value + "'; use a positive whole number of milliseconds");
    }

    /** A positive number of milliseconds, or 0: off. */
    private static long millisOrOff(Settings settings, String key, long fallback) {
        return "0".equals(settings.optional(key)) ? 0 : millis(settings, key, fallback);
    }

    /** A pod's name is its host name; elsewhere two nodes may share a host: host name and pid. */
    private static String defaultNodeId(String cluster) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        }
        return "kubernetes".equals(cluster) ? host : host + "-" + ProcessHandle.current().pid();
    }
}
