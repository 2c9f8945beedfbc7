package io.leadsync.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Faults queued for the next calls ("the next 3 calls to POST /1/cards get 502") plus an optional
 * random fault rate, seeded so a campaign can be replayed.
 */
public final class FaultPlan {

    private record Queued(Fault fault, String endpointPrefix) {
    }

    private final Deque<Queued> queued = new ArrayDeque<>();
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    private Random random = new Random(0);
    private double randomRate;
    private Fault[] randomKinds = Fault.values();

    /** Queue {@code count} faults for the next calls whose endpoint key starts with the prefix (null = any). */
    public synchronized void inject(Fault fault, int count, String endpointPrefix) {
        for (int i = 0; i < count; i++) {
            queued.add(new Queued(fault, endpointPrefix));
        }
    }

    /** Inject a random fault of one of the kinds into each call with the given probability. */
    public synchronized void randomly(double rate, long seed, Fault... kinds) {
        this.randomRate = rate;
        this.random = new Random(seed);
        this.randomKinds = kinds.length == 0 ? Fault.values() : kinds.clone();
    }

    public synchronized void clear() {
        queued.clear();
        randomRate = 0;
    }

    /** The fault to apply to this call, if any; counts it as injected. */
    public synchronized Fault next(String endpointKey) {
        for (var it = queued.iterator(); it.hasNext(); ) {
            Queued q = it.next();
            if (q.endpointPrefix() == null || endpointKey.startsWith(q.endpointPrefix())) {
                it.remove();
                return count(q.fault());
            }
        }
        if (randomRate > 0 && random.nextDouble() < randomRate) {
            return count(randomKinds[random.nextInt(randomKinds.length)]);
        }
        return null;
    }

    private Fault count(Fault fault) {
        injected.merge(fault, 1, Integer::sum);
        return fault;
    }

    public synchronized Map<Fault, Integer> injected() {
        return new EnumMap<>(injected);
    }
}
