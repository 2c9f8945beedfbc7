package io.leadsync.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.http.ApiCall;
import io.leadsync.state.StateDocument;

/**
 * The webhooks of every enabled pair (the bean {@code webhookUpkeep}, called by routes/webhook-upkeep.camel.yaml):
 * which pairs have webhooks, the upkeep of one pair's, their health, and the payloads an Airtable ping announces.
 * A pair's state is loaded from data/&lt;pair&gt;-webhooks.json the first time it is named, which hands its secrets to
 * the receiver.
 */
public final class WebhookUpkeep {

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
