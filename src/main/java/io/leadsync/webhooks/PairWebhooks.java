package io.leadsync.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.http.ApiException;
import io.leadsync.http.SecretMask;
import io.leadsync.state.StateDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pair's webhooks, kept registered and healthy: its tracker's (Trello board or ClickUp list) and its Airtable
 * table's. Each {@link #upkeep} lists the service's webhooks and does what {@link WebhookPlans} decides (reuse,
 * create, re-create, refresh, re-activate); every request goes through the service's API routes
 * ({@code direct:<service>-typed}: rate budgets, 429 waits, retries). What it learns is saved in
 * data/&lt;pair&gt;-webhooks.json before it is used, and the secrets are handed to the receiver's
 * {@link KnownSecrets}. Each change of state is logged on one line; secrets never are.
 */
final class PairWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(PairWebhooks.class);

    /** The ClickUp events that can change what a pair syncs. */
    static final List<String> CLICKUP_EVENTS = List.of("taskCreated", "taskUpdated", "taskDeleted",
            "taskStatusUpdated", "taskMoved");
    /** Airtable's payload pages hold at most 50. */
    static final int PAYLOAD_PAGE = 50;

    private final String pair;
    private volatile WebhookUpkeep.Target target;
    private final WebhookUpkeep.Services api;
    /** The receiver's callback URL of a pair and a service. */
    private final BinaryOperator<String> urls;
    private final String trelloToken;
    private final StateDocument document;
    private final Clock clock;
    private final Duration refreshWhenLeft;
    private final KnownSecrets secrets;
    private volatile PairWebhookState state;
    /** Per service, why its webhook could not be kept up (logged once per reason); absent when it is fine. */
    private final Map<String, String> problems = new ConcurrentSkipListMap<>();
    /** The services whose stored webhook was confirmed by this process (the first confirmation logs "reused"). */
    private final Set<String> confirmed = new HashSet<>();

    PairWebhooks(WebhookUpkeep.Target target, WebhookUpkeep.Services api, BinaryOperator<String> urls,
                 String trelloToken, StateDocument document, Clock clock, Duration refreshWhenLeft,
                 KnownSecrets secrets) {
        this.pair = target.pair();
        this.target = target;
        this.api = api;
        this.urls = urls;
        this.trelloToken = trelloToken;
        this.document = document;
        this.clock = clock;
        this.refreshWhenLeft = refreshWhenLeft;
        this.secrets = secrets;
        this.state = PairWebhookState.load(document);
        share(pair, state, secrets);
    }

    void retarget(WebhookUpkeep.Target now) {
        this.target = now;
    }

    /**
     * Whether the pair's webhooks are all registered and healthy now, or why not: as the last upkeep left them,
     * without waiting for one under way.
     */
    WebhookHealth health() {
        WebhookHealth seen = WebhookPlans.health(target.tracker(), state, clock.instant());
        if (problems.isEmpty()) {
            return seen;
        }
        String failed = String.join("; ", problems.values());
        return WebhookHealth.not(seen.healthy() ? failed : seen.reason() + "; " + failed);
    }

    /** Registers or checks each of the pair's webhooks; a service that fails is tried again at the next upkeep. */
    synchronized void upkeep() {
        WebhookUpkeep.Target t = target;
        if ("trello".equals(t.tracker())) {
            keep("trello", this::trello);
        } else {
            keep("clickup", this::clickup);
        }
        keep("airtable", this::airtable);
    }

    private void keep(String service, Runnable step) {
        try {
            step.run();
            if (problems.remove(service) != null) {
                LOG.info("webhooks of pair {}: the {} webhook is registered again", pair, name(service));
            }
        } catch (RuntimeException e) {
            String reason = "the " + name(service) + " webhook could not be registered: "
                    + SecretMask.masked(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            if (!reason.equals(problems.put(service, reason))) {
                LOG.warn("webhooks of pair {}: {}", pair, reason);
            }
        }
    }

    // ---- Trello

    private void trello() {
        String board = target.place().get();
        if (board == null) {
            throw new IllegalStateException("board not connected yet");
        }
        if (secrets.secret(pair, "trello").isEmpty()) {
            // its deliveries would all be refused, and Trello disables a webhook that keeps failing
            throw new IllegalStateException("leadsync.trello.secret is not set: set TRELLO_SECRET to the Trello "
                    + "application secret (API key tab of the Power-Up admin), which signs its deliveries");
        }
        String callback = urls.apply(pair, "trello");
        List<WebhookBodies.TrelloHook> listed = api.trello().get("/1/tokens/" + trelloToken + "/webhooks", null,
                WebhookBodies.TrelloHooks.class).body();
        WebhookPlans.Plan plan = WebhookPlans.trello(state.trello(), listed, board, callback);
        switch (plan.step()) {
            case KEEP, REUSE -> {
                save(state.with(new PairWebhookState.Trello(plan.id(), true)));
                confirm("trello", plan, plan.id());
            }
            default -> {
                if (plan.id() != null) {
                    delete(api.trello(), "/1/webhooks/" + plan.id());
                }
                WebhookBodies.TrelloHook made = api.trello().call("POST", "/1/webhooks", null,
                        new WebhookBodies.NewTrelloHook(callback, board, "leadsync pair " + pair), Kind.CREATE,
                        WebhookBodies.TrelloHook.class).body();
                save(state.with(new PairWebhookState.Trello(made.id(), made.isActive())));
                made("trello", plan, made.id());
            }
        }
    }

    // ---- Airtable

    private void airtable() {
        WebhookUpkeep.Target t = target;
        String base = t.baseId().get();
        String table = t.tableId().get();
        if (base == null || table == null) {
            throw new IllegalStateException("table not connected yet");
        }
        String url = urls.apply(pair, "airtable");
        String hooks = "/v0/bases/" + base + "/webhooks";
        List<WebhookBodies.AirtableHook> listed = listed(api.airtable().get(hooks, null,
                WebhookBodies.AirtableHooks.class).body().webhooks());
        WebhookPlans.Plan plan = WebhookPlans.airtable(state.airtable(), listed, url, clock.instant(),
                refreshWhenLeft);
        List<String> orphans = WebhookPlans.airtableOrphans(state.airtable(), listed, url, plan.id());
        for (String orphan : orphans) {
            delete(api.airtable(), hooks + "/" + orphan);
            LOG.info("webhooks of pair {}: Airtable webhook {} deleted: its MAC secret is unknown (a create whose "
                    + "answer was lost), so its pings could never be verified", pair, orphan);
        }
        listed = listed.stream().filter(h -> !orphans.contains(h.id())).toList();
        switch (plan.step()) {
            case KEEP -> {
                // listing payloads extends its life too: the expiration as Airtable has it now
                listed.stream().filter(h -> h.id().equals(plan.id())).findFirst().ifPresent(h ->
                        save(state.with(state.airtable().withExpiration(h.expirationTime()))));
                confirm("airtable", plan, plan.id());
            }
            case REACTIVATE -> {
                api.airtable().call("POST", hooks + "/" + plan.id() + "/enableNotifications", null,
                        new WebhookBodies.EnableNotifications(true), Kind.IDEMPOTENT_WRITE,
                        WebhookBodies.Ignored.class);
                confirmed.add("airtable");
                LOG.info("webhooks of pair {}: Airtable {}; turned on again", pair, plan.why());
            }
            case REFRESH -> {
                String expires = api.airtable().call("POST", hooks + "/" + plan.id() + "/refresh", null, null,
                        Kind.IDEMPOTENT_WRITE, WebhookBodies.Expiration.class).body().expirationTime();
                save(state.with(state.airtable().withExpiration(expires)));
                confirmed.add("airtable");
                LOG.info("webhooks of pair {}: Airtable webhook {} refreshed, expires at {}", pair, plan.id(),
                        expires);
            }
            default -> {
                String full = WebhookPlans.airtableFull(listed, plan.id(), base);
                if (full != null) {
                    throw new IllegalStateException(full);
                }
                if (plan.id() != null) {
                    delete(api.airtable(), hooks + "/" + plan.id());
                }
                List<String> fields = t.watchedFields().get();
                WebhookBodies.CreatedAirtableHook made = secrets.registering(pair, "airtable", () -> {
                    WebhookBodies.CreatedAirtableHook created;
                    try {
                        created = api.airtable().call("POST", hooks, null, new WebhookBodies.NewAirtableHook(url,
                                new WebhookBodies.Specification(new WebhookBodies.Options(new WebhookBodies.Filters(
                                        List.of("tableData"), table, fields.isEmpty() ? null : fields)))),
                                Kind.CREATE, WebhookBodies.CreatedAirtableHook.class).body();
                    } catch (ApiException e) {
                        if (e.body() != null && e.body().contains("TOO_MANY_WEBHOOKS")) {
                            throw new IllegalStateException(WebhookPlans.baseFull(base), e);
                        }
                        throw e;
                    }
                    // saved before anything uses it: Airtable never shows this secret again
                    save(state.with(new PairWebhookState.Airtable(created.id(), url, created.macSecretBase64(),
                            created.expirationTime(), 1)));
                    return created;
                });
                made("airtable", plan, made.id());
            }
        }
    }

    /**
     * On an Airtable ping: every payload from the stored cursor on (50 a page, while there might be more), handed
     * to {@code wake}; the new cursor is saved only once {@code wake} returned, so a crash in between lists them
     * again (the wake-up is idempotent). Nothing happens before the webhook is registered.
     */
    synchronized void airtablePayloads(Consumer<List<JsonNode>> wake) {
        PairWebhookState.Airtable airtable = state.airtable();
        String base = target.baseId().get();
        if (airtable == null || base == null) {
            return;
        }
        String path = "/v0/bases/" + base + "/webhooks/" + airtable.id() + "/payloads";
        WebhookPlans.Payloads read = WebhookPlans.payloads(airtable.cursor(), cursor -> api.airtable().get(path,
                "cursor=" + cursor + "&limit=" + PAYLOAD_PAGE, WebhookBodies.PayloadPage.class).body());
        wake.accept(read.payloads());
        if (read.cursor() != airtable.cursor()) {
            save(state.with(airtable.withCursor(read.cursor())));
        }
    }

    // ---- ClickUp

    private void clickup() {
        WebhookUpkeep.Target t = target;
        String list = t.place().get();
        String team = t.team().get();
        if (list == null || team == null) {
            throw new IllegalStateException("list not connected yet");
        }
        String endpoint = urls.apply(pair, "clickup");
        List<WebhookBodies.ClickUpHook> listed = listed(api.clickup().get("/api/v2/team/" + team + "/webhook", null,
                WebhookBodies.ClickUpHooks.class).body().webhooks());
        PairWebhookState.ClickUp stored = state.clickup();
        WebhookPlans.Plan plan = WebhookPlans.clickup(stored, listed, endpoint, list);
        WebhookBodies.ClickUpHook seen = listed.stream().filter(h -> h.id().equals(plan.id())).findFirst()
                .orElse(null);
        switch (plan.step()) {
            case KEEP, REUSE -> {
                String secret = plan.step() == WebhookPlans.Step.KEEP ? stored.secret() : seen.secret();
                if (stored != null && stored.id().equals(seen.id()) && !stored.status().equals(seen.status())) {
                    LOG.info("webhooks of pair {}: ClickUp webhook {} is {} (fail_count {})", pair, seen.id(),
                            seen.status(), failCount(seen));
                }
                save(state.with(new PairWebhookState.ClickUp(seen.id(), secret, seen.status(), failCount(seen))));
                confirm("clickup", plan, seen.id());
            }
            case REACTIVATE -> {
                api.clickup().call("PUT", "/api/v2/webhook/" + plan.id(), null,
                        new WebhookBodies.ClickUpHookChange(endpoint, CLICKUP_EVENTS, "active"),
                        Kind.IDEMPOTENT_WRITE, WebhookBodies.Ignored.class);
                String secret = stored != null && plan.id().equals(stored.id()) ? stored.secret() : seen.secret();
                save(state.with(new PairWebhookState.ClickUp(plan.id(), secret, "active", 0)));
                confirmed.add("clickup");
                LOG.info("webhooks of pair {}: ClickUp {}; re-activated", pair, plan.why());
            }
            default -> {
                if (plan.id() != null) {
                    delete(api.clickup(), "/api/v2/webhook/" + plan.id());
                }
                WebhookBodies.CreatedClickUpHook made = secrets.registering(pair, "clickup", () -> {
                    WebhookBodies.CreatedClickUpHook created = api.clickup().call("POST", "/api/v2/team/" + team
                            + "/webhook", null, new WebhookBodies.NewClickUpHook(endpoint, CLICKUP_EVENTS, list),
                            Kind.CREATE, WebhookBodies.CreatedClickUpHook.class).body();
                    save(state.with(new PairWebhookState.ClickUp(created.id(), created.webhook().secret(), "active",
                            0)));
                    return created;
                });
                made("clickup", plan, made.id());
            }
        }
    }

    private static int failCount(WebhookBodies.ClickUpHook hook) {
        return hook.health() == null ? 0 : hook.health().failCount();
    }

    // ---- common

    /** A delete that finds the webhook gone already has done its work. */
    static void delete(ApiCall service, String path) {
        try {
            service.call("DELETE", path, null, null, Kind.IDEMPOTENT_WRITE, WebhookBodies.Ignored.class);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** A webhook kept: the first confirmation in this process of one stored before is a reuse (after a restart). */
    private void confirm(String service, WebhookPlans.Plan plan, String id) {
        if (confirmed.add(service) || plan.step() == WebhookPlans.Step.REUSE) {
            LOG.info("webhooks of pair {}: {} webhook {} reused ({})", pair, name(service), id, plan.why());
        }
    }

    private void made(String service, WebhookPlans.Plan plan, String id) {
        confirmed.add(service);
        LOG.info("webhooks of pair {}: {} webhook {} {} ({})", pair, name(service), id,
                plan.step() == WebhookPlans.Step.CREATE ? "registered" : "re-created", plan.why());
    }

    private void save(PairWebhookState next) {
        if (!next.equals(state)) {
            next.save(document);
            state = next;
            share(pair, next, secrets);
        }
    }

    /** The receiver's keys of a pair, from what is stored; the secrets are masked in every log line from now on. */
    static void share(String pair, PairWebhookState known, KnownSecrets secrets) {
        List<String> values = new ArrayList<>();
        if (known.airtable() != null && known.airtable().macSecretBase64() != null) {
            secrets.airtable(pair, known.airtable().macSecretBase64());
            values.add(known.airtable().macSecretBase64());
        }
        if (known.clickup() != null && known.clickup().secret() != null) {
            secrets.clickup(pair, known.clickup().secret());
            values.add(known.clickup().secret());
        }
        SecretMask.hide(values);
    }

    static String name(String service) {
        return switch (service) {
            case "trello" -> "Trello";
            case "airtable" -> "Airtable";
            default -> "ClickUp";
        };
    }

    static <T> List<T> listed(List<T> list) {
        return Objects.requireNonNullElse(list, List.of());
    }
}
