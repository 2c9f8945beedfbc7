package io.leadsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.leadsync.sandbox.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pair's readiness check in Camel's health registry: its state and reason are its watch's; a pair made anew
 * replaces its check, and a check taken out is gone.
 */
class PairHealthCheckTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

    @AfterEach
    void stop() {
        context.stop();
    }

    private PairWatch watch(String pair, String notConnected) {
        return new PairWatch(pair, new PairWatch.Sources(true, () -> notConnected == null, () -> notConnected,
                () -> false, () -> false, () -> 5_000, () -> null, List::of, () -> 0, () -> 0, null, List::of),
                new SimpleMeterRegistry(), clock);
    }

    private List<HealthCheck> checks() {
        return HealthCheckRegistry.get(context).stream().filter(c -> "leadsync".equals(c.getGroup())).toList();
    }

    @Test
    void aPairsCheckIsAReadinessCheckWithItsWatchsStateAndReason() {
        context.start();
        PairHealthCheck check = PairHealthCheck.register(context, watch("sales",
                "Pair 'sales': Trello board 'Sales Bord' not found"));

        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        HealthCheck.Result result = check.call();
        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValue("not connected: Pair 'sales': Trello board 'Sales Bord' not found");
        assertThat(result.getDetails()).containsEntry("pair", "sales");
    }

    @Test
    void aPairMadeAnewReplacesItsCheckAndOneTakenOutIsGone() {
        context.start();
        PairHealthCheck.register(context, watch("sales", "board not found"));
        PairHealthCheck again = PairHealthCheck.register(context, watch("sales", null));

        assertThat(checks()).singleElement().extracting(HealthCheck::getId).isEqualTo("pair-sales");
        assertThat(checks().get(0).call().getMessage()).hasValue("no cycle yet");

        again.unregister();
        assertThat(checks()).isEmpty();
    }
}
