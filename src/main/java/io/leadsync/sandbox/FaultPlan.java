package io.leadsync.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Faults queued for the next calls ("the next 3 calls to POST /1/cards get 502") plus an optional
 * random fault rate, seeded so a campaign can be replayed. One plan holds request faults ({@link Fault}, keyed
 * by endpoint), another webhook delivery faults ({@link DeliveryFault}, keyed by webhook id).
 */
public final class FaultPlan<F extends Enum<F>> {

    private record Queued<F>(F fault, String keyPrefix) {
    }

    private final F[] all;
    private final Deque<Queued<F>> queued = new ArrayDeque<>();
    private final Map<F, Integer> injected;
    private Random random = new Random(0);
    private double randomRate;
    private F[] randomKinds;

    /** A plan over the kinds of fault given (all values of the enum). */
    public FaultPlan(F[] all) {
        this.all = all.clone();
        this.randomKinds = this.all;
        this.injected = new EnumMap<>(all[0].getDeclaringClass());
    }

    /** Queue {@code count} faults for the next calls whose key (endpoint, webhook id) starts with the prefix (null = any). */
    public synchronized void inject(F fault, int count, String keyPrefix) {
        for (int i = 0; i < count; i++) {
            queued.add(new Queued<>(fault, keyPrefix));
        }
    }

    /** Inject a random fault of one of the kinds (none named: any) into each call with the given probability. */
    @SafeVarargs
    public final synchronized void randomly(double rate, long seed, F... kinds) {
        this.randomRate = rate;
        this.random = new Random(seed);
        this.randomKinds = kinds.length == 0 ? all : kinds.clone();
    }

    public synchronized void clear() {
        queued.clear();
        randomRate = 0;
    }

    /** The fault to apply to this call, if any; counts it as injected. */
    public synchronized F next(String key) {
        for (var it = queued.iterator(); it.hasNext(); ) {
            Queued<F> q = it.next();
            if (q.keyPrefix() == null || key.startsWith(q.keyPrefix())) {
                it.remove();
                return count(q.fault());
            }
        }
        if (randomRate > 0 && random.nextDouble() < randomRate) {
            return count(randomKinds[random.nextInt(randomKinds.length)]);
        }
        return null;
    }

    private F count(F fault) {
        injected.merge(fault, 1, Integer::sum);
        return fault;
    }

    public synchronized Map<F, Integer> injected() {
        return new EnumMap<>(injected);
    }
}
