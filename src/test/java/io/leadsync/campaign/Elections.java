package io.leadsync.campaign;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** The ZooKeeper of the campaign's two-node mode: curator-test's server, started once per JVM, for every scenario. */
final class Elections {

    private static TestingServer server;

    private Elections() {
    }

    static synchronized String connectString() {
        if (server == null) {
            try {
                // a 200 ms tick allows the 2 s sessions the scenarios use
                server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
            } catch (Exception e) {
                throw new IllegalStateException("the campaign's ZooKeeper did not start: " + e.getMessage(), e);
            }
        }
        return server.getConnectString();
    }
}
