package io.leadsync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiFailures;
import io.leadsync.http.BudgetGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limits as the meters and the dashboard see them: a 429 counted for the pair whose cycle sent the request
 * (none outside a cycle) and the wait it asks for timed; a budget's use in its window.
 */
class RateLimitMetersTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final BudgetGate budget = new BudgetGate("trello-token", 100, 10_000);
    private final ApiFailures failures = new ApiFailures("Trello", 30_000, budget);

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange answered429(String pair, ApiCall.Kind kind) {
        Exchange exchange = new DefaultExchange(context);
        if (pair != null) {
            exchange.setProperty("pair", pair);
        }
        exchange.setProperty(ApiFailures.KIND, kind.name());
        exchange.setProperty(ApiFailures.REQUEST, "GET /1/boards/b1/actions");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 429);
        exchange.getMessage().setHeader("Retry-After", "7");
        exchange.getMessage().setBody("{}");
        return exchange;
    }

    @Test
    void a429IsCountedForThePairOfItsCycleAndTheWaitBeforeItIsSentAgainIsTimed() {
        context.getRegistry().bind(RateLimitMeters.REGISTRY, meters);

        catchThrowable(() -> failures.classify(answered429("trello", ApiCall.Kind.READ)));

        assertThat(meters.get("leadsync.rate.limited").tags("pair", "trello", "service", "trello").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("leadsync.rate.limit.wait").tags("pair", "trello", "limit", "trello-token").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7_000);
    }

    @Test
    void aRequestOutsideACycleCountsForNoPairAndACheckedWriteIsNotSentAgainSoNotWaitedHere() {
        context.getRegistry().bind(RateLimitMeters.REGISTRY, meters);

        catchThrowable(() -> failures.classify(answered429(null, ApiCall.Kind.CHECKED_WRITE)));

        assertThat(meters.get("leadsync.rate.limited").tags("pair", "none").counter().count()).isEqualTo(1);
        assertThat(meters.find("leadsync.rate.limit.wait").timers()).isEmpty();
    }

    @Test
    void withoutTheManagementServerNothingIsRecorded() {
        Throwable thrown = catchThrowable(() -> failures.classify(answered429("trello", ApiCall.Kind.READ)));

        assertThat(thrown).hasMessageContaining("rate limited (429)");
        assertThat(meters.getMeters()).isEmpty();
    }

    @Test
    void aBudgetsUseIsTheRequestsInItsWindowOfItsLimit() {
        assertThat(budget.usage()).isEqualTo(List.of(new BudgetGate.Usage("trello-token", 0, 100, 10_000)));
        Exchange request = new DefaultExchange(context);
        budget.acquire(request);
        assertThat(budget.usage()).isEqualTo(List.of(new BudgetGate.Usage("trello-token", 1, 100, 10_000)));
        budget.release(request);
        assertThat(budget.usage()).as("counted from its answer").extracting(BudgetGate.Usage::used).containsExactly(1);
    }
}
