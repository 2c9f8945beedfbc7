package io.leadsync.observe;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A pair's readiness check ({@code leadsync/pair-<pair>} in {@code /observe/health/ready}): up while its
 * {@link PairWatch#health} is, down with the reason as its message (and detail {@code reason}). Liveness is Camel's.
 */
public final class PairHealthCheck extends AbstractHealthCheck {

    private final PairWatch watch;

    private PairHealthCheck(PairWatch watch) {
        super("leadsync", "pair-" + watch.pair());
        this.watch = watch;
    }

    /** Registers the pair's check in the context's health registry (replacing one of an earlier build of it). */
    public static PairHealthCheck register(CamelContext context, PairWatch watch) {
        PairHealthCheck check = new PairHealthCheck(watch);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            check.setCamelContext(context);
            registry.unregister(check); // equal by id: an earlier build's
            registry.register(check);
        }
        return check;
    }

    /** Takes the check out of the registry: its pair is made anew, or removed. */
    public void unregister() {
        HealthCheckRegistry registry = getCamelContext() == null ? null : HealthCheckRegistry.get(getCamelContext());
        if (registry != null) {
            registry.unregister(this);
        }
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        PairHealth health = watch.health();
        builder.message(health.reason());
        builder.detail("pair", watch.pair());
        builder.detail("reason", health.reason());
        switch (health.state()) {
            case "UP" -> builder.up();
            case "DOWN" -> builder.down();
            default -> builder.unknown();
        }
    }
}
