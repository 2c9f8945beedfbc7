package io.leadsync.campaign;

import io.leadsync.support.ClusterScenario;
import org.apache.curator.test.TestingServer;

/** The ZooKeeper of the campaign's two-node mode: curator-test's server, started once per JVM, for every scenario. */
final class Elections {

    private static TestingServer server;

    private Elections() {
    }

    static synchronized String connectString() {
        if (server == null) {
            try {
                server = ClusterScenario.embeddedZooKeeper(); // its short tick allows the scenarios' 2 s sessions
            } catch (Exception e) {
                throw new IllegalStateException("the campaign's ZooKeeper did not start: " + e.getMessage(), e);
            }
        }
        return server.getConnectString();
    }
}
