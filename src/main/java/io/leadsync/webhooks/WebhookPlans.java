package io.leadsync.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.time.IsoTimes;

/**
 * The pure decisions of the webhook lifecycle: from what is stored (data/&lt;pair&gt;-webhooks.json) and what the
 * service lists now, what to do with a pair's webhook; and the walk over Airtable's payload pages.
 */
final class WebhookPlans {

    /** Airtable allows this many webhooks per base (api-contracts.md 1.10). */
    static final int AIRTABLE_MAX_PER_BASE = 10;

    private WebhookPlans() {
    }

    enum Step {
        /** The stored webhook is there and healthy: nothing to send. */
        KEEP,
        /** leadsync's own webhook found by the service's list (none was stored, or another id): take it. */
        REUSE,
        /** None is there: create one. */
        CREATE,
        /** One is there but unusable (disabled, expired, its secret unknown): delete {@code id} (if any), create. */
        RECREATE,
        /** Airtable's is there and healthy but expires within the refresh margin: refresh it. */
        REFRESH,
        /** ClickUp's is suspended, or Airtable's notifications were turned off after failed pings: turn it on. */
        REACTIVATE
    }

    /**
     * @param id  the webhook the step acts on (the one to keep, reuse, refresh, reactivate, or delete before the
     *            new one is created; null when there is none)
     * @param why one line for the log
     */
    record Plan(Step step, String id, String why) {
    }

    /**
     * Trello: leadsync's webhook is the token's webhook on the board with the pair's callback URL. Disabled by
     * Trello (active false), it is deleted and made again; gone (deleted by a person, or after 410 answers), made
     * again.
     */
    static Plan trello(PairWebhookState.Trello stored, List<WebhookBodies.TrelloHook> listed, String boardId,
                       String callbackUrl) {
        WebhookBodies.TrelloHook mine = null;
        for (WebhookBodies.TrelloHook hook : listed) {
            if (boardId.equalsIgnoreCase(hook.idModel()) && callbackUrl.equals(hook.callbackURL())
                    && (mine == null || stored != null && hook.id().equals(stored.id()))) {
                mine = hook;
            }
        }
        if (mine == null) {
            return stored == null ? new Plan(Step.CREATE, null, "none registered")
                    : new Plan(Step.RECREATE, null, "webhook " + stored.id() + " is gone");
        }
        if (!mine.isActive()) {
            return new Plan(Step.RECREATE, mine.id(), "webhook " + mine.id() + " was disabled by Trello");
        }
        return stored != null && mine.id().equals(stored.id()) ? new Plan(Step.KEEP, mine.id(), "active")
                : new Plan(Step.REUSE, mine.id(), "found on the board");
    }

    /**
     * Airtable: the stored webhook, found by id and notification URL. One found without a stored MAC secret (lost
     * data/) cannot be verified: it is deleted and made again. An expired one (disabled after 7 days without a
     * refresh) cannot be refreshed: made again. One expiring within {@code refreshWhenLeft}: refreshed.
     */
    static Plan airtable(PairWebhookState.Airtable stored, List<WebhookBodies.AirtableHook> listed,
                         String notificationUrl, Instant now, Duration refreshWhenLeft) {
        if (stored == null || stored.macSecretBase64() == null) {
            for (WebhookBodies.AirtableHook hook : listed) {
                if (notificationUrl.equals(hook.notificationUrl())) {
                    return new Plan(Step.RECREATE, hook.id(), "webhook " + hook.id()
                            + " found without its MAC secret (Airtable returns it only when it is created)");
                }
            }
            return new Plan(Step.CREATE, null, "none registered");
        }
        WebhookBodies.AirtableHook mine = listed.stream().filter(h -> stored.id().equals(h.id())
                && notificationUrl.equals(h.notificationUrl())).findFirst().orElse(null);
        if (mine == null) {
            return new Plan(Step.RECREATE, null, "webhook " + stored.id() + " is gone");
        }
        Instant expires = mine.expirationTime() == null ? null : instant(mine.expirationTime());
        if (Boolean.FALSE.equals(mine.isHookEnabled()) || expires != null && !expires.isAfter(now)) {
            return new Plan(Step.RECREATE, mine.id(), "webhook " + mine.id() + " expired"
                    + (expires == null ? "" : " at " + mine.expirationTime()));
        }
        if (Boolean.FALSE.equals(mine.areNotificationsEnabled())) {
            return new Plan(Step.REACTIVATE, mine.id(), "the notifications of webhook " + mine.id()
                    + " were turned off by Airtable after failed pings");
        }
        if (expires != null && Duration.between(now, expires).compareTo(refreshWhenLeft) < 0) {
            return new Plan(Step.REFRESH, mine.id(), "expires at " + mine.expirationTime());
        }
        return new Plan(Step.KEEP, mine.id(), "expires at " + mine.expirationTime());
    }

    /**
     * Airtable webhooks at the pair's address that are not the one whose MAC secret is stored (a create whose answer
     * was lost, a state file lost): their pings can never be verified, so they are deleted; the one the plan
     * re-creates from ({@code planned}) is deleted by the plan itself.
     */
    static List<String> airtableOrphans(PairWebhookState.Airtable stored, List<WebhookBodies.AirtableHook> listed,
                                        String notificationUrl, String planned) {
        String verified = stored == null || stored.macSecretBase64() == null ? null : stored.id();
        return listed.stream().filter(h -> notificationUrl.equals(h.notificationUrl()))
                .map(WebhookBodies.AirtableHook::id)
                .filter(id -> !id.equals(verified) && !id.equals(planned)).toList();
    }

    /**
     * Room for one more Airtable webhook on the base once {@code deleting} (or nothing) is deleted: else the one line
     * that says what to fix.
     */
    static String airtableFull(List<WebhookBodies.AirtableHook> listed, String deleting, String baseId) {
        long others = listed.stream().filter(h -> !Objects.equals(h.id(), deleting)).count();
        return others < AIRTABLE_MAX_PER_BASE ? null : baseFull(baseId);
    }

    /** The one line when Airtable refuses another webhook on the base. */
    static String baseFull(String baseId) {
        return "Airtable base " + baseId + " already has " + AIRTABLE_MAX_PER_BASE + " webhooks, the most it "
                + "allows: delete one that is not leadsync's (GET and DELETE /v0/bases/" + baseId + "/webhooks); "
                + "until then this pair polls";
    }

    /**
     * ClickUp: leadsync's webhook is the one on the pair's list with the pair's endpoint. Its secret is the stored
     * one, or the one the list shows; suspended (after 100 failures, or at once on 401/410), it is set active.
     */
    static Plan clickup(PairWebhookState.ClickUp stored, List<WebhookBodies.ClickUpHook> listed, String endpoint,
                        String listId) {
        WebhookBodies.ClickUpHook mine = null;
        for (WebhookBodies.ClickUpHook hook : listed) {
            if (endpoint.equals(hook.endpoint()) && listId.equals(hook.listId())
                    && (mine == null || stored != null && hook.id().equals(stored.id()))) {
                mine = hook;
            }
        }
        if (mine == null) {
            return stored == null ? new Plan(Step.CREATE, null, "none registered")
                    : new Plan(Step.RECREATE, null, "webhook " + stored.id() + " is gone");
        }
        boolean known = stored != null && mine.id().equals(stored.id()) && stored.secret() != null;
        if (!known && mine.secret() == null) {
            return new Plan(Step.RECREATE, mine.id(), "webhook " + mine.id() + " found without its secret");
        }
        if ("suspended".equals(mine.status())) {
            return new Plan(Step.REACTIVATE, mine.id(), "webhook " + mine.id() + " was suspended by ClickUp"
                    + (mine.health() == null ? "" : " (fail_count " + mine.health().failCount() + ")"));
        }
        return known ? new Plan(Step.KEEP, mine.id(), mine.status()) : new Plan(Step.REUSE, mine.id(),
                "found on the list");
    }

    /** A webhook as a service lists it: its id and the address it calls. */
    record Listed(String id, String url) {
    }

    /** A webhook of a removed pair to delete on {@code service}. */
    record Retired(String service, String id) {
    }

    /**
     * The pairs whose webhooks leadsync still keeps ({@code stored}: the pairs of the data/&lt;pair&gt;-webhooks.json
     * files) though they are no longer enabled (their routes file deleted, or leadsync.trackers no longer naming
     * them).
     */
    static List<String> removedPairs(Collection<String> stored, Collection<String> enabled) {
        return stored.stream().filter(pair -> !enabled.contains(pair)).sorted().toList();
    }

    /**
     * What to delete of a removed pair's webhooks: only those leadsync registered, each found by its stored id with
     * leadsync's own callback URL of that pair and service ({@code urls}). One gone already, or listed with another
     * address (never leadsync's by that URL), is left alone. {@code listed} holds the listing of each service the
     * state names.
     */
    static List<Retired> retire(String pair, PairWebhookState stored, Map<String, List<Listed>> listed,
                                BinaryOperator<String> urls) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (stored.trello() != null) {
            ids.put("trello", stored.trello().id());
        }
        if (stored.airtable() != null) {
            ids.put("airtable", stored.airtable().id());
        }
        if (stored.clickup() != null) {
            ids.put("clickup", stored.clickup().id());
        }
        List<Retired> out = new ArrayList<>();
        ids.forEach((service, id) -> {
            Listed own = new Listed(id, urls.apply(pair, service));
            if (id != null && listed.getOrDefault(service, List.of()).contains(own)) {
                out.add(new Retired(service, id));
            }
        });
        return out;
    }

    /**
     * Every payload from {@code cursor} on, page after page while Airtable says there might be more; the cursor
     * returned is where the next listing starts.
     */
    record Payloads(List<JsonNode> payloads, long cursor) {
    }

    static Payloads payloads(long cursor, LongFunction<WebhookBodies.PayloadPage> page) {
        List<JsonNode> all = new ArrayList<>();
        long next = cursor;
        while (true) {
            WebhookBodies.PayloadPage read = page.apply(next);
            if (read.payloads() != null) {
                all.addAll(read.payloads());
            }
            boolean moved = read.cursor() > next;
            next = Math.max(next, read.cursor());
            if (!read.mightHaveMore() || !moved) {
                return new Payloads(all, next);
            }
        }
    }

    /** The health of a pair's webhooks as last seen, at {@code now}. */
    static WebhookHealth health(String tracker, PairWebhookState state, Instant now) {
        List<String> wrong = new ArrayList<>();
        if ("trello".equals(tracker)) {
            if (state.trello() == null) {
                wrong.add("no Trello webhook");
            } else if (!state.trello().active()) {
                wrong.add("Trello webhook " + state.trello().id() + " disabled");
            }
        } else if (state.clickup() == null) {
            wrong.add("no ClickUp webhook");
        } else if (!"active".equals(state.clickup().status())) {
            wrong.add("ClickUp webhook " + state.clickup().id() + " " + state.clickup().status() + " (fail_count "
                    + state.clickup().failCount() + ")");
        }
        PairWebhookState.Airtable airtable = state.airtable();
        if (airtable == null) {
            wrong.add("no Airtable webhook");
        } else if (airtable.expirationTime() != null && !instant(airtable.expirationTime()).isAfter(now)) {
            wrong.add("Airtable webhook " + airtable.id() + " expired at " + airtable.expirationTime());
        }
        return wrong.isEmpty() ? WebhookHealth.ok() : WebhookHealth.not(String.join("; ", wrong));
    }

    private static Instant instant(String iso) {
        return Instant.ofEpochMilli(IsoTimes.epochMillis(iso));
    }
}
