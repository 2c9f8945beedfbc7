package io.leadsync.webhooks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.http.SecretMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leadsync is on each service (the bean {@code ownUsers}): the user of its token, learnt once per service in
 * use, by one read through the API routes, when webhooks are on (routes/webhook-upkeep.camel.yaml, before the
 * first upkeep): Trello {@code GET /1/members/me} (its {@code id}), ClickUp {@code GET /api/v2/user}
 * ({@code user.id}), Airtable {@code GET /v0/meta/whoami} ({@code id}). A service whose user could not be learnt
 * has none: nothing of it is taken for an echo ({@link Echoes}), one WARN line says so, and the next upkeep asks
 * again.
 */
public final class OwnUsers {

    private static final Logger LOG = LoggerFactory.getLogger(OwnUsers.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Identified(String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClickUpUser(Identified user) {
    }

    private final WebhookUpkeep.Services api;
    private final Supplier<Set<String>> services;
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    /** The services whose failure was logged (once until learnt). */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    /** @param services the services the enabled pairs use now (trello, clickup, airtable) */
    public OwnUsers(WebhookUpkeep.Services api, Supplier<Set<String>> services) {
        this.api = api;
        this.services = services;
    }

    /** Learns the user of each service in use not known yet (one read each). */
    public void learn() {
        for (String service : services.get()) {
            if (!ids.containsKey(service)) {
                learn(service);
            }
        }
    }

    /** leadsync's own user on {@code service}, or null when not (yet) known. */
    public String id(String service) {
        return ids.get(service);
    }

    private void learn(String service) {
        try {
            String id = switch (service) {
                case "trello" -> api.trello().get("/1/members/me", "fields=id", Identified.class).body().id();
                case "clickup" -> api.clickup().get("/api/v2/user", null, ClickUpUser.class).body().user().id();
                case "airtable" -> api.airtable().get("/v0/meta/whoami", null, Identified.class).body().id();
                default -> null;
            };
            if (id == null || id.isEmpty()) {
                throw new IllegalStateException("the answer names no user id");
            }
            ids.put(service, id);
            failed.remove(service);
            LOG.info("leadsync's own {} user is {}: its own changes announced by webhooks wake no cycle", service, id);
        } catch (RuntimeException e) {
            if (failed.add(service)) {
                LOG.warn("leadsync's own {} user could not be learnt ({}); every {} delivery wakes its pair until it "
                        + "is", service, SecretMask.masked(String.valueOf(e.getMessage())), service);
            }
        }
    }
}
