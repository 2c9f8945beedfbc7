package io.leadsync.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The webhook keys known to this process: Trello's application secret from configuration for every Trello pair,
 * and the Airtable and ClickUp secrets put here as their webhooks are registered (the upkeep, WebhookUpkeep, stores
 * them in data/&lt;pair&gt;-webhooks.json and puts them here when the pair's state is first loaded).
 */
public final class KnownSecrets implements WebhookSecrets {

    private final byte[] trelloSecret;
    private final Predicate<String> isTrelloPair;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    /** The pairs' webhooks being created now ("pair/service"): their secrets are not known yet. */
    private final Set<String> registering = ConcurrentHashMap.newKeySet();

    /**
     * @param trelloSecret the Trello application secret (null or empty: Trello deliveries are refused)
     * @param isTrelloPair whether a pair by that name syncs with Trello (its deliveries are signed with the secret)
     */
    public KnownSecrets(String trelloSecret, Predicate<String> isTrelloPair) {
        this.trelloSecret = trelloSecret == null ? new byte[0] : trelloSecret.getBytes(StandardCharsets.UTF_8);
        this.isTrelloPair = isTrelloPair;
    }

    /** The MAC secret Airtable returned when it created {@code pair}'s webhook, as it returned it (base64). */
    public void airtable(String pair, String macSecretBase64) {
        keys.put(pair + "/airtable", Base64.getDecoder().decode(macSecretBase64));
    }

    /** The secret ClickUp returned when it created {@code pair}'s webhook. */
    public void clickup(String pair, String secret) {
        keys.put(pair + "/clickup", secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs the creation of {@code pair}'s webhook at {@code service}: while it runs, a delivery the service sends
     * before its answer (with the secret) came back is asked to come again ({@link #registering}).
     */
    public <T> T registering(String pair, String service, java.util.function.Supplier<T> creation) {
        registering.add(pair + "/" + service);
        try {
            return creation.get();
        } finally {
            registering.remove(pair + "/" + service);
        }
    }

    @Override
    public boolean registering(String pair, String service) {
        return registering.contains(pair + "/" + service);
    }

    /** Forgets a removed pair's secrets: its deliveries are refused from now on. */
    public void forget(String pair) {
        keys.keySet().removeIf(key -> key.startsWith(pair + "/"));
    }

    @Override
    public Optional<byte[]> secret(String pair, String service) {
        if ("trello".equals(service)) {
            return trelloSecret.length > 0 && isTrelloPair.test(pair) ? Optional.of(trelloSecret.clone())
                    : Optional.empty();
        }
        return Optional.ofNullable(keys.get(pair + "/" + service)).map(byte[]::clone);
    }
}
