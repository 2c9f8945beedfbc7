package io.leadsync.sandbox;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive, named so that thread dumps say which emulator they serve. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
