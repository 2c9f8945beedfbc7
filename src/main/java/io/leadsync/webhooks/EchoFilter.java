package io.leadsync.webhooks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops leadsync's own echoes early: a delivery whose every change was made by leadsync's own user through the API
 * ({@link Echoes#isEcho}), to a table, board or list no other enabled pair shares ({@link Echoes#alone}), wakes no
 * cycle (it would cost one that finds nothing); it is logged at DEBUG and counted per pair and service, and still
 * tells the pair's safety net that deliveries arrive ({@code heard}). Every other delivery goes on to wake its pair.
 */
public final class EchoFilter implements PairWakeUps {

    private static final Logger LOG = LoggerFactory.getLogger(EchoFilter.class);

    private final Function<String, String> ownUsers;
    private final Supplier<List<WebhookUpkeep.Target>> pairs;
    private final PairWakeUps next;
    private final Consumer<String> heard;
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

    /**
     * @param ownUsers leadsync's own user of a service, null when not known ({@link OwnUsers#id})
     * @param pairs    the enabled pairs, as built now
     * @param heard    a delivery for the named pair came, though it wakes nothing (its webhooks are not silent)
     */
    public EchoFilter(Function<String, String> ownUsers, Supplier<List<WebhookUpkeep.Target>> pairs,
                      PairWakeUps next, Consumer<String> heard) {
        this.ownUsers = ownUsers;
        this.pairs = pairs;
        this.next = next;
        this.heard = heard;
    }

    @Override
    public void wake(String pair, String service, JsonNode payload) {
        if (Echoes.isEcho(service, payload, ownUsers.apply(service)) && Echoes.alone(pairs.get(), pair, service)) {
            dropped.computeIfAbsent(pair + "/" + service, k -> new AtomicLong()).incrementAndGet();
            LOG.debug("webhook from {} for pair {}: leadsync's own change ({}), no cycle woken", service, pair,
                    LastDeliveries.summary(service, payload));
            heard.accept(pair);
        } else {
            next.wake(pair, service, payload);
        }
    }

    /** How many of {@code pair}'s deliveries from {@code service} were leadsync's own echoes, dropped. */
    public long dropped(String pair, String service) {
        AtomicLong count = dropped.get(pair + "/" + service);
        return count == null ? 0 : count.get();
    }
}
