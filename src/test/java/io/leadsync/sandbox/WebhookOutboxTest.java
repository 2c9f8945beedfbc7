package io.leadsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.WebhookOutbox.Happened;

/** Delivery order, retries and each delivery fault, over real HTTP to a receiver on loopback. */
class WebhookOutboxTest {

    private static final WebhookOutbox.Policy TWO_RETRIES = new WebhookOutbox.Policy(2, n -> 10,
            status -> status / 100 == 2, Duration.ofSeconds(5), true);

    private final RecordingCallback receiver = new RecordingCallback();
    private final WebhookOutbox outbox = new WebhookOutbox(DaemonThreads.named("test-outbox"));
    private final List<String> outcomes = new ArrayList<>();

    @AfterEach
    void stop() {
        outbox.close();
        receiver.close();
    }

    private void send(String webhookId, String... bodies) {
        for (String body : bodies) {
            outbox.submit(new WebhookOutbox.Delivery(webhookId, receiver.url("/hook"), Map.of("X-Test", webhookId), body),
                    TWO_RETRIES, (retry, status, millis, last) -> {
                        synchronized (outcomes) {
                            outcomes.add(body + ":" + retry + ":" + status + (last ? ":last" : ""));
                        }
                    });
        }
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending() == 0);
    }

    private List<Happened> journaled() {
        return outbox.journal().stream().map(WebhookOutbox.JournalEntry::what).toList();
    }

    @Test
    void sendsInTheOrderSubmittedWithTheHeadersGiven() {
        send("w1", "a", "b", "c");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("a", "b", "c");
        assertThat(receiver.received().get(0).header("X-Test")).isEqualTo("w1");
        assertThat(journaled()).containsExactly(Happened.SENT, Happened.SENT, Happened.SENT);
    }

    @Test
    void retriesAFailedDeliveryAndHoldsTheWebhooksNextOneUntilItIsDone() {
        receiver.answer(500);
        send("w1", "a", "b");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("a", "a", "a", "b", "b", "b");
        assertThat(outcomes).containsExactly("a:0:500", "a:1:500", "a:2:500:last", "b:0:500", "b:1:500", "b:2:500:last");
    }

    @Test
    void aDroppedDeliveryIsNeverSent() {
        outbox.faults().inject(DeliveryFault.DROP, 1, "w1");
        send("w1", "a", "b");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("b");
        assertThat(journaled()).containsExactly(Happened.DROPPED, Happened.SENT);
        assertThat(outcomes).containsExactly("b:0:200:last");
    }

    @Test
    void aDuplicatedDeliveryIsSentTwiceInARow() {
        outbox.faults().inject(DeliveryFault.DUPLICATE, 1, null);
        send("w1", "a", "b");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("a", "a", "b");
        assertThat(journaled()).containsExactly(Happened.DUPLICATED, Happened.SENT, Happened.SENT, Happened.SENT);
    }

    @Test
    void aDelayedDeliveryArrivesAfterTheOnesBehindIt() {
        outbox.delayFaultMillis(200);
        outbox.faults().inject(DeliveryFault.DELAY, 1, "w1");
        send("w1", "a", "b", "c");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("b", "c", "a");
        assertThat(journaled()).first().isEqualTo(Happened.DELAYED);
    }

    @Test
    void aReorderedDeliverySwapsWithTheWebhooksNextOne() {
        outbox.delayFaultMillis(60_000);
        outbox.faults().inject(DeliveryFault.REORDER, 1, "w1");
        send("w2", "x");
        send("w1", "a", "b", "c");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("x", "b", "a", "c");
    }

    @Test
    void twoReorderedInARowBothFollowTheNextOne() {
        outbox.delayFaultMillis(60_000);
        outbox.faults().inject(DeliveryFault.REORDER, 2, "w1");
        send("w1", "a", "b", "c", "d");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("c", "a", "b", "d");
    }

    @Test
    void aReorderedDeliveryWithNothingBehindItGoesOutLate() {
        outbox.delayFaultMillis(100);
        outbox.faults().inject(DeliveryFault.REORDER, 1, "w1");
        send("w1", "a");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("a");
        assertThat(journaled()).containsExactly(Happened.REORDERED, Happened.SENT);
    }

    @Test
    void faultsOnlyHitTheWebhookTheyName() {
        outbox.faults().inject(DeliveryFault.DROP, 1, "w2");
        send("w1", "a");
        send("w2", "x");
        awaitIdle();
        assertThat(receiver.bodies()).containsExactly("a");
        assertThat(outbox.faults().injected()).containsEntry(DeliveryFault.DROP, 1);
    }

    @Test
    void randomFaultsRepeatForASeed() {
        List<List<Happened>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (WebhookOutbox other = new WebhookOutbox(DaemonThreads.named("test-outbox-" + run))) {
                other.faults().randomly(0.5, 42, DeliveryFault.DROP, DeliveryFault.DUPLICATE);
                for (int i = 0; i < 20; i++) {
                    other.submit(new WebhookOutbox.Delivery("w", receiver.url("/hook"), Map.of(), "d" + i), TWO_RETRIES,
                            (retry, status, millis, last) -> { });
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> other.pending() == 0);
                runs.add(other.journal().stream().map(WebhookOutbox.JournalEntry::what).toList());
            }
        }
        assertThat(runs.get(0)).contains(Happened.DROPPED, Happened.DUPLICATED).isEqualTo(runs.get(1));
    }

    @Test
    void underRandomFaultsOfEveryKindEachDeliveryIsSentOrDroppedAndNoneIsLeftBehind() {
        outbox.delayFaultMillis(50);
        outbox.faults().randomly(0.6, 7);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            bodies.add("d" + i);
            send(i % 2 == 0 ? "w1" : "w2", "d" + i);
        }
        awaitIdle();
        List<String> dropped = outbox.journal().stream().filter(e -> e.what() == Happened.DROPPED)
                .map(WebhookOutbox.JournalEntry::body).toList();
        assertThat(outbox.faults().injected()).containsOnlyKeys(DeliveryFault.values());
        assertThat(dropped).doesNotHaveDuplicates().doesNotContainAnyElementsOf(receiver.bodies());
        assertThat(new java.util.HashSet<>(receiver.bodies())).hasSize(bodies.size() - dropped.size());
    }

    @Test
    void aDeliveryNoLongerWantedIsSkipped() {
        outbox.submit(new WebhookOutbox.Delivery("w1", receiver.url("/hook"), Map.of(), "a"), TWO_RETRIES,
                new WebhookOutbox.Outcome() {
                    @Override
                    public void attempted(int retry, int status, long millis, boolean last) {
                    }

                    @Override
                    public boolean wanted() {
                        return false;
                    }
                });
        awaitIdle();
        assertThat(receiver.bodies()).isEmpty();
        assertThat(journaled()).containsExactly(Happened.SKIPPED);
    }
}
