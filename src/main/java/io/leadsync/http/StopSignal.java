package io.leadsync.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Raised once, when leadsync begins to stop (a Camel lifecycle hook raises it as the context starts stopping):
 * every wait for a rate limit or a retry ends at once, so that a stop is never held up by a 429's 30 s penalty.
 * A request already on the wire is let finish.
 */
public final class StopSignal {

    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private volatile boolean raised;

    public void raise() {
        raised = true;
        synchronized (this) {
            notifyAll();
        }
        wakeUps.forEach(Runnable::run);
    }

    public boolean raised() {
        return raised;
    }

    /** What a wait throws when the signal ended it: nothing was sent. */
    public static final class Stopped extends RuntimeException {
        Stopped(String what) {
            super(what + ": not sent, leadsync is stopping", null, false, false);
        }
    }

    /** Runs the action when the signal is raised (waiters use it to wake up). */
    public void onRaise(Runnable wakeUp) {
        wakeUps.add(wakeUp);
        if (raised) {
            wakeUp.run();
        }
    }

    /** Sleeps up to {@code millis}; returns false, at once, when the signal is (or gets) raised. */
    public synchronized boolean sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            for (long left = millis; left > 0 && !raised; left = until - System.currentTimeMillis()) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !raised;
    }
}
