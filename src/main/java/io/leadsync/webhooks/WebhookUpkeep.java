package io.leadsync.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.http.ApiCall;
import io.leadsync.state.StateDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks of every enabled pair (the bean {@code webhookUpkeep}, called by routes/webhook-upkeep.camel.yaml):
 * which pairs have webhooks, the upkeep of one pair's, their health, and the payloads an Airtable ping announces;
 * the webhooks of pairs removed since, deleted. The secrets stored in data/&lt;pair&gt;-webhooks.json are handed to
 * the receiver when it is made; a pair's state is loaded the first time it is named.
 */
public final class WebhookUpkeep {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookUpkeep.class);

    /** Airtable's webhooks live 7 days; refreshed once less than this is left (so about once a day). */
    static final Duration AIRTABLE_REFRESH_WHEN_LEFT = Duration.ofDays(6);

    /**
     * What a pair's webhooks watch, as its tracker and table know it once connected (null ids before).
     *
     * @param tracker       trello or clickup
     * @param place         the board's id (Trello) or the list's id (ClickUp)
     * @param team          the ClickUp workspace of the list (unused for Trello)
     * @param watchedFields the Airtable field ids the pair maps (its status, templates' fields, mapped fields,
     *                      filter)
     */
    public record Target(String pair, String tracker, Supplier<String> place, Supplier<String> team,
                         Supplier<String> baseId, Supplier<String> tableId, Supplier<List<String>> watchedFields) {
    }

    /** The API routes of the three services. */
    public record Services(ApiCall trello, ApiCall airtable, ApiCall clickup) {
    }

    private final Supplier<List<Target>> targets;
    private final Services services;
    private final BinaryOperator<String> urls;
    private final String trelloToken;
    private final String dataDir;
    private final Clock clock;
    private final KnownSecrets secrets;
    private final Map<String, PairWebhooks> pairs = new ConcurrentHashMap<>();

    /**
     * @param targets the enabled pairs, as built now
     * @param urls    the receiver's callback URL of a pair and service ({@link WebhookReceiver#callbackUrl})
     */
    public WebhookUpkeep(Supplier<List<Target>> targets, Services services, BinaryOperator<String> urls,
                         String trelloToken, String dataDir, Clock clock, KnownSecrets secrets) {
        this.targets = targets;
        this.services = services;
        this.urls = urls;
        this.trelloToken = trelloToken;
        this.dataDir = dataDir;
        this.clock = clock;
        this.secrets = secrets;
        // the receiver knows every stored secret from the start, before the first upkeep names the pairs: a ClickUp
        // delivery retried across a restart and refused 401 would have ClickUp suspend the webhook at once
        for (String pair : PairWebhookState.pairs(dataDir)) {
            PairWebhooks.share(pair, PairWebhookState.load(document(pair)), secrets);
        }
    }

    /** The enabled pairs' names, each pair's stored webhooks loaded (and their secrets known) on first sight. */
    public List<String> pairs() {
        List<String> names = new ArrayList<>();
        for (Target target : targets.get()) {
            pairs.computeIfAbsent(target.pair(), p -> new PairWebhooks(target, services, urls, trelloToken,
                    document(p), clock, AIRTABLE_REFRESH_WHEN_LEFT, secrets)).retarget(target);
            names.add(target.pair());
        }
        return names;
    }

    /** Registers, reuses, re-creates, refreshes or re-activates the pair's webhooks as needed. */
    public void upkeep(String pair) {
        PairWebhooks webhooks = pairs.get(pair);
        if (webhooks != null) {
            webhooks.upkeep();
        }
    }

    /**
     * The pairs no longer enabled (their routes file deleted, or leadsync.trackers no longer naming them) whose
     * webhooks leadsync still keeps in data/&lt;pair&gt;-webhooks.json.
     */
    public List<String> removed() {
        return WebhookPlans.removedPairs(PairWebhookState.pairs(dataDir),
                targets.get().stream().map(Target::pair).toList());
    }

    /**
     * Deletes on the services the webhooks leadsync registered for a removed pair, only those listed by their stored
     * id with leadsync's own callback URL ({@link WebhookPlans#retire}), then its state file; one INFO line each. A
     * request that fails throws and leaves the file: the next upkeep tries again.
     */
    public void retire(String pair) {
        pairs.remove(pair);
        StateDocument document = document(pair);
        PairWebhookState stored = PairWebhookState.load(document);
        Map<String, List<WebhookPlans.Listed>> listed = new HashMap<>();
        // where each listed Airtable webhook lives: the base's webhooks
        Map<String, String> airtablePaths = new HashMap<>();
        if (stored.trello() != null) {
            if (trelloToken == null) {
                throw new IllegalStateException("its Trello webhook " + stored.trello().id() + " cannot be looked up "
                        + "without leadsync.trello.token: set TRELLO_TOKEN, or delete the webhook in Trello and "
                        + PairWebhookState.file(dataDir, pair));
            }
            listed.put("trello", services.trello().get("/1/tokens/" + trelloToken + "/webhooks", null,
                    WebhookBodies.TrelloHooks.class).body().stream()
                    .map(h -> new WebhookPlans.Listed(h.id(), h.callbackURL())).toList());
        }
        if (stored.airtable() != null) {
            // the base is the configured one (leadsync.airtable.base), as the enabled pairs have connected it
            List<String> bases = targets.get().stream().map(t -> t.baseId().get()).filter(Objects::nonNull)
                    .distinct().toList();
            if (bases.isEmpty()) {
                throw new IllegalStateException("its Airtable webhook " + stored.airtable().id() + " cannot be "
                        + "looked up before an enabled pair has connected to the Airtable base");
            }
            List<WebhookPlans.Listed> hooks = new ArrayList<>();
            for (String base : bases) {
                String path = "/v0/bases/" + base + "/webhooks";
                for (WebhookBodies.AirtableHook h : PairWebhooks.listed(services.airtable().get(path, null,
                        WebhookBodies.AirtableHooks.class).body().webhooks())) {
                    hooks.add(new WebhookPlans.Listed(h.id(), h.notificationUrl()));
                    airtablePaths.put(h.id(), path + "/" + h.id());
                }
            }
            listed.put("airtable", hooks);
        }
        if (stored.clickup() != null) {
            List<WebhookPlans.Listed> hooks = new ArrayList<>();
            for (WebhookBodies.Team team : PairWebhooks.listed(services.clickup().get("/api/v2/team", null,
                    WebhookBodies.Teams.class).body().teams())) {
                PairWebhooks.listed(services.clickup().get("/api/v2/team/" + team.id() + "/webhook", null,
                        WebhookBodies.ClickUpHooks.class).body().webhooks())
                        .forEach(h -> hooks.add(new WebhookPlans.Listed(h.id(), h.endpoint())));
            }
            listed.put("clickup", hooks);
        }
        for (WebhookPlans.Retired gone : WebhookPlans.retire(pair, stored, listed, urls)) {
            switch (gone.service()) {
                case "trello" -> PairWebhooks.delete(services.trello(), "/1/webhooks/" + gone.id());
                case "airtable" -> PairWebhooks.delete(services.airtable(), airtablePaths.get(gone.id()));
                default -> PairWebhooks.delete(services.clickup(), "/api/v2/webhook/" + gone.id());
            }
            LOG.info("webhooks of removed pair {}: {} webhook {} deleted", pair, PairWebhooks.name(gone.service()),
                    gone.id());
        }
        Path file = PairWebhookState.file(dataDir, pair);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
        secrets.forget(pair);
        LOG.info("webhooks of removed pair {}: {} deleted", pair, file);
    }

    /**
     * Whether all of {@code pair}'s webhooks are registered and healthy now; the reason in one line when not (an
     * unknown pair, or one not yet kept up, has none).
     */
    public WebhookHealth health(String pair) {
        PairWebhooks webhooks = pairs.get(pair);
        return webhooks == null ? WebhookHealth.not("no webhooks registered for pair " + pair) : webhooks.health();
    }

    /**
     * The Airtable payloads after {@code pair}'s stored cursor, handed to {@code wake}; the cursor moves on, durably,
     * only after it returned.
     */
    public void airtablePayloads(String pair, Consumer<List<JsonNode>> wake) {
        PairWebhooks webhooks = pairs.get(pair);
        if (webhooks != null) {
            webhooks.airtablePayloads(wake);
        }
    }

    private StateDocument document(String pair) {
        return PairWebhookState.document(dataDir, pair);
    }
}
