package io.leadsync.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.LongUnaryOperator;

/**
 * Sends an emulator's webhook deliveries (the three services' webhooks all go through one of these): each a POST
 * made on the emulator's own daemon thread, never on a request thread. Each webhook has a lane: its deliveries
 * start one at a time in the order they were submitted, so the order per webhook is deterministic. Failed
 * attempts are retried by the service's {@link Policy}. On the way, {@link #faults()} can drop, duplicate, delay
 * or reorder deliveries ({@link DeliveryFault}, seeded like request faults), and {@link #journal()} keeps what was
 * sent (each attempt with its answer) and what a fault did.
 */
public final class WebhookOutbox implements AutoCloseable {

    /** One POST: for which webhook (its lane, and the key delivery faults match), where, with which headers and body. */
    public record Delivery(String webhookId, String url, Map<String, String> headers, String body) {
    }

    /**
     * How a service sends: up to {@code retries} more attempts after the first, retry n (1-based) after
     * {@code retryDelayMillis(n)}; an attempt whose status (-1: no answer) {@code ends} the delivery is its last
     * (a success, or an answer the service does not retry); each attempt waits {@code timeout} at most for the
     * answer; {@code holdsLane}: the webhook's next delivery waits until this one is done, retries included (else
     * it goes ahead while this one waits for a retry).
     */
    public record Policy(int retries, LongUnaryOperator retryDelayMillis, IntPredicate ends, Duration timeout,
                         boolean holdsLane) {
    }

    /** Told each attempt's result, on the delivery thread (the service updates its webhook's health). */
    public interface Outcome {
        /** {@code status} is the HTTP status or -1 (refused, timed out); {@code last}: no attempt follows. */
        void attempted(int retry, int status, long millis, boolean last);

        /** Asked before each attempt: false (the webhook was deleted or stopped meanwhile) skips the rest. */
        default boolean wanted() {
            return true;
        }
    }

    /** What happened to a delivery: an attempt, a fault, or skipped because the webhook no longer wanted it. */
    public enum Happened { SENT, DROPPED, DUPLICATED, DELAYED, REORDERED, SKIPPED }

    /**
     * A line of the journal: when (epoch ms, real time), for which webhook, to where, the body, what happened;
     * for {@link Happened#SENT} the attempt (0 = first) and the answer's status (-1: none).
     */
    public record JournalEntry(long at, String webhookId, String url, String body, Happened what, int retry, int status) {
    }

    private record Job(Delivery delivery, Policy policy, Outcome outcome, boolean faultable) {
        Job plain() {
            return new Job(delivery, policy, outcome, false);
        }
    }

    private static final class Lane {
        boolean busy;
        /** Reordered deliveries, in order, sent right after the lane's next one. */
        final Deque<Job> held = new ArrayDeque<>();
        /** The delivery under way is duplicated: its copy goes next, before any reordered one. */
        boolean copyNext;
    }

    private static final int JOURNAL_SIZE = 20_000;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService sender;
    private final FaultPlan<DeliveryFault> faults = new FaultPlan<>(DeliveryFault.values());
    /** Every delivery not yet started, in the order submitted: each starts once its lane is free. */
    private final Deque<Job> queue = new ArrayDeque<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Deque<JournalEntry> journal = new ArrayDeque<>();
    private volatile long delayFaultMillis = 2_000;
    private int pending;

    public WebhookOutbox(ThreadFactory threads) {
        this.sender = Executors.newSingleThreadScheduledExecutor(threads);
    }

    /** Delivery faults, keyed by webhook id (a prefix, or null for any webhook). */
    public FaultPlan<DeliveryFault> faults() {
        return faults;
    }

    /** How long a {@link DeliveryFault#DELAY} holds a delivery back (default 2 s). */
    public void delayFaultMillis(long millis) {
        this.delayFaultMillis = millis;
    }

    /** Queues a delivery at the end of its webhook's lane. */
    public void submit(Delivery delivery, Policy policy, Outcome outcome) {
        synchronized (this) {
            pending++;
            lanes.computeIfAbsent(delivery.webhookId(), k -> new Lane());
            queue.add(new Job(delivery, policy, outcome, true));
        }
        later(this::drain, 0);
    }

    /** Deliveries submitted and not yet done: queued, under way, waiting for a retry, delayed or held for a reorder. */
    public synchronized int pending() {
        return pending;
    }

    /** The last {@value #JOURNAL_SIZE} journal entries, oldest first. */
    public synchronized List<JournalEntry> journal() {
        return List.copyOf(journal);
    }

    public synchronized void clearJournal() {
        journal.clear();
    }

    /** Starts the deliveries whose lanes are free, in the order submitted (all of them when nothing is retried). */
    private void drain() {
        for (Job next = nextReady(); next != null; next = nextReady()) {
            start(next);
        }
    }

    private synchronized Job nextReady() {
        for (var it = queue.iterator(); it.hasNext(); ) {
            Job job = it.next();
            Lane lane = lanes.get(job.delivery().webhookId());
            if (!lane.busy) {
                it.remove();
                lane.busy = true;
                return job;
            }
        }
        return null;
    }

    private void start(Job job) {
        String id = job.delivery().webhookId();
        DeliveryFault fault = job.faultable() ? faults.next(id) : null;
        if (fault == null) {
            attempt(job, 0, true);
            return;
        }
        switch (fault) {
            case DROP -> {
                log(job, Happened.DROPPED, 0, 0);
                synchronized (this) {
                    pending--;
                }
                release(id, false);
            }
            case DUPLICATE -> {
                log(job, Happened.DUPLICATED, 0, 0);
                synchronized (this) {
                    pending++;
                    queue.addFirst(job.plain());
                    lanes.get(id).copyNext = true;
                }
                attempt(job, 0, true);
            }
            case DELAY -> {
                log(job, Happened.DELAYED, 0, 0);
                later(() -> attempt(job.plain(), 0, false), delayFaultMillis);
                release(id, false);
            }
            case REORDER -> {
                log(job, Happened.REORDERED, 0, 0);
                Job held = job.plain();
                synchronized (this) {
                    lanes.get(id).held.add(held);
                }
                release(id, false);
                later(() -> letGo(id, held), delayFaultMillis);
            }
        }
    }

    private void attempt(Job job, int retry, boolean inLane) {
        if (!job.outcome().wanted()) {
            log(job, Happened.SKIPPED, retry, 0);
            finish(job, inLane);
            return;
        }
        long start = System.nanoTime();
        int status = post(job.delivery(), job.policy().timeout());
        if (Thread.currentThread().isInterrupted()) {
            return; // closing
        }
        boolean last = job.policy().ends().test(status) || retry >= job.policy().retries();
        log(job, Happened.SENT, retry, status);
        try {
            job.outcome().attempted(retry, status, (System.nanoTime() - start) / 1_000_000, last);
        } catch (RuntimeException e) {
            // the service's bookkeeping failed (e.g. its state is gone): the lane must go on regardless
        }
        if (last) {
            finish(job, inLane);
            return;
        }
        long delay = job.policy().retryDelayMillis().applyAsLong(retry + 1);
        boolean staysInLane = inLane && job.policy().holdsLane();
        later(() -> attempt(job, retry + 1, staysInLane), delay);
        if (inLane && !staysInLane) {
            release(job.delivery().webhookId(), true);
        }
    }

    private void finish(Job job, boolean inLane) {
        synchronized (this) {
            pending--;
        }
        if (inLane) {
            release(job.delivery().webhookId(), true);
        }
    }

    /** The lane's current delivery is out of the way; after one that was sent, a reordered one follows it. */
    private void release(String webhookId, boolean sent) {
        synchronized (this) {
            Lane lane = lanes.get(webhookId);
            lane.busy = false;
            if (lane.copyNext) {
                lane.copyNext = false;
            } else if (sent) {
                lane.held.descendingIterator().forEachRemaining(queue::addFirst);
                lane.held.clear();
            }
        }
        later(this::drain, 0);
    }

    /** A reordered delivery whose webhook had nothing more to send within the delay goes out late instead. */
    private void letGo(String webhookId, Job held) {
        synchronized (this) {
            if (!lanes.get(webhookId).held.remove(held)) {
                return; // already sent after the next one
            }
            queue.addFirst(held);
        }
        drain();
    }

    private int post(Delivery delivery, Duration timeout) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url())).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
            delivery.headers().forEach(request::header);
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (IOException | IllegalArgumentException e) {
            return -1; // unreachable, refused or too slow: a failed attempt
        }
    }

    private void log(Job job, Happened what, int retry, int status) {
        Delivery d = job.delivery();
        JournalEntry entry = new JournalEntry(System.currentTimeMillis(), d.webhookId(), d.url(), d.body(), what, retry, status);
        synchronized (this) {
            journal.addLast(entry);
            if (journal.size() > JOURNAL_SIZE) {
                journal.removeFirst();
            }
        }
    }

    private void later(Runnable task, long delayMillis) {
        try {
            sender.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: nothing more is sent
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
