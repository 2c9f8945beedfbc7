package io.leadsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A stop ends every wait on a rate budget: a 429's penalty never holds a stop up. */
class RateBudgetTest {

    @Test
    void aWaitForA429PenaltyEndsWhenTheStopIsRaisedAndNothingIsSent() throws Exception {
        StopSignal stop = new StopSignal();
        RateBudget budget = new RateBudget("airtable-base", 5, 1000, stop);
        budget.pauseUntil(System.currentTimeMillis() + 600_000); // a 429 asked for 10 minutes
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                budget.acquire();
                return null;
            } catch (RuntimeException | InterruptedException e) {
                return e;
            }
        });

        stop.raise();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isInstanceOf(StopSignal.Stopped.class)
                .hasMessageContaining("not sent, leadsync is stopping");
    }

    @Test
    void aPermitThatNeedsNoWaitIsStillGivenWhileStopping() throws InterruptedException {
        StopSignal stop = new StopSignal();
        RateBudget budget = new RateBudget("trello-token", 5, 1000, stop);
        stop.raise();

        assertThat(budget.acquire()).as("the request in flight may finish its next call").isNotNull();
    }

    @Test
    void aBackoffSleepEndsWhenTheStopIsRaised() throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        StopSignal stop = new StopSignal();
        CompletableFuture<Boolean> sleeper = CompletableFuture.supplyAsync(() -> stop.sleep(600_000));

        stop.raise();

        assertThat(sleeper.get(30, TimeUnit.SECONDS)).as("slept the whole time").isFalse();
    }
}
