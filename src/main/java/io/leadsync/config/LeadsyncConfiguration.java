package io.leadsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.AirtableRequests;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.clickup.ClickUpRequests;
import io.leadsync.clickup.ClickUpTracker;
import io.leadsync.http.ApiCall;
import io.leadsync.http.SecretMask;
import io.leadsync.http.StopSignal;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.sandbox.PortInUseException;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.LinkStore;
import io.leadsync.sync.MatchRule;
import io.leadsync.sync.PersistDecisions;
import io.leadsync.sync.SafetyRail;
import io.leadsync.sync.SyncPair;
import io.leadsync.sync.SyncPlanner;
import io.leadsync.sync.SyncPolicy;
import io.leadsync.tracker.WorkTracker;
import io.leadsync.trello.TrelloRequests;
import io.leadsync.trello.TrelloTracker;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires leadsync from {@code leadsync.*} properties: starts the sandbox when no credentials are configured,
 * builds the API clients (their routes share one rate budget per credential), checks the Airtable table, and binds a
 * pair's beans per work tracker for the YAML routes ({@code <pair>Sync}, {@code <pair>ItemWrites},
 * {@code <pair>LeadWrites}, {@code <pair>Requests}). Anything misconfigured stops start-up with a message that says what to fix.
 */
public final class LeadsyncConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LeadsyncConfiguration.class);
    private static final List<String> TRACKERS = List.of("trello", "clickup");
    private static final List<String> CREDENTIALS = List.of("leadsync.airtable.token", "leadsync.trello.key",
            "leadsync.trello.token", "leadsync.clickup.token");

    @Override
    public void configure(CamelContext context) throws Exception {
        SecretMask.install(); // before the first credential is read: Camel logs what it resolves at DEBUG
        ReloadErrorReport.install();
        Settings settings = new Settings(context);
        // masked in every log line from now on, even those the sandbox replaces
        SecretMask.hide(CREDENTIALS.stream().map(k -> settings.get(k, null)).filter(Objects::nonNull).toList());
        startSandboxIfWanted(context, settings);
        Set<String> enabled = Arrays.stream(settings.get("leadsync.trackers", "trello").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String tracker : enabled) {
            if (!TRACKERS.contains(tracker)) {
                throw new IllegalStateException("leadsync.trackers has '" + tracker + "'; use trello, clickup or both");
            }
        }
        TRACKERS.forEach(t -> settings.set("leadsync." + t + ".enabled", String.valueOf(enabled.contains(t))));

        String dataDir = settings.get("leadsync.data-dir", "data");
        checkWritable(Path.of(dataDir));
        LeadSchema schema = new LeadSchema(settings.get("leadsync.airtable.fields.name", "Name"),
                settings.get("leadsync.airtable.fields.email", "Email"),
                settings.get("leadsync.airtable.fields.source", "Source"),
                settings.get("leadsync.airtable.fields.description", "Description"),
                settings.get("leadsync.airtable.fields.status", "Status"),
                settings.get("leadsync.airtable.fields.last-modified", "Last Modified"));
        // a stop ends every wait for a rate limit or a retry at once (see StopSignal)
        StopSignal stop = new StopSignal();
        // the API routes' rate budgets (routes/*-api.camel.yaml) wait on it
        context.getRegistry().bind("stopSignal", stop);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext ctx) {
                stop.raise();
            }
        });
        AirtableClient airtable = airtable(context, settings);

        DurableIdempotentRepository changeLog = new DurableIdempotentRepository(dataDir, 200_000);
        context.addService(changeLog);
        context.getRegistry().bind("changeLog", changeLog);
        DeadLetterStore deadLetters = new DeadLetterStore(dataDir);
        AuditLog audit = new AuditLog(dataDir);
        SyncPolicy policy = new SyncPolicy(SyncPolicy.Winner.parse(settings.get("leadsync.conflicts.status", "latest-wins")),
                SyncPolicy.Winner.parse(settings.get("leadsync.conflicts.content", "airtable-wins")),
                SyncPolicy.ItemGone.parse(settings.get("leadsync.deletions.item-gone", "unlink")),
                settings.get("leadsync.deletions.item-gone-status", null));
        long overlap = settings.millis("leadsync.overlap", 60_000);
        SafetyRail.Limits limits = new SafetyRail.Limits(settings.integer("leadsync.safety.max-removals", 10),
                settings.integer("leadsync.safety.max-removals-percent", 20));
        MatchRule matchRule = MatchRule.parse(settings.get("leadsync.match", "name,email"));
        String onCorrupt = settings.get("leadsync.state.on-corrupt", "stop");
        if (!List.of("stop", "move-aside").contains(onCorrupt)) {
            throw new IllegalStateException("leadsync.state.on-corrupt is '" + onCorrupt + "'; use stop or move-aside");
        }

        List<SyncPair> pairs = new ArrayList<>();
        // every pair gets its bean (the routes refer to it); only enabled ones need credentials and connect
        for (String name : TRACKERS) {
            boolean on = enabled.contains(name);
            WorkTracker tracker = "trello".equals(name) ? trello(context, settings, on)
                    : clickup(context, settings, on, overlap);
            MappingSource mapping = new MappingSource(context, name + "Mapping", tracker);
            String linkField = settings.get("leadsync." + name + ".link-field", null);
            String nameTemplate = settings.get("leadsync." + name + ("trello".equals(name) ? ".card" : ".task")
                    + "-name-template", "{" + schema.name() + "}");
            LinkStore links = new LinkStore(dataDir, name, "move-aside".equals(onCorrupt));
            ItemTemplate itemTemplate = "trello".equals(name)
                    ? new ItemTemplate(nameTemplate, schema).withLimits(TrelloTracker.MAX_TEXT, TrelloTracker.MAX_TEXT)
                    : new ItemTemplate(nameTemplate, schema);
            SafetyRail rail = new SafetyRail(name, tracker.describe(), dataDir, limits);
            SyncPlanner planner = new SyncPlanner(name, mapping, itemTemplate, schema, policy,
                    links, deadLetters::isQuarantined, settings.millis("leadsync.uncertain-create-wait", 60_000),
                    rail::holding, matchRule);
            SyncPair pair = new SyncPair(airtable, schema, tracker, mapping::connect, planner,
                    new PersistDecisions(name, links, audit, deadLetters), rail, links,
                    deadLetters, linkField, settings.millis("leadsync.reconcile-interval", 3_600_000), overlap);
            if (on) {
                pairs.add(pair);
            }
            context.getRegistry().bind(name + "Sync", pair);
            context.getRegistry().bind(name + "ItemWrites", pair.itemWrites());
            context.getRegistry().bind(name + "LeadWrites", pair.leadWrites());
        }
        // Services are reachable (and the YAML mapping beans loaded) only once the context starts: check
        // everything then, before any other route runs; the API routes (group "api") are started first for that.
        AtomicBoolean connected = new AtomicBoolean();
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (connected.compareAndSet(false, true)) {
                for (org.apache.camel.Route route : ctx.getRoutes()) {
                    if ("api".equals(route.getGroup())) {
                        // their processors are started by now, their direct: consumers only after this listener
                        org.apache.camel.support.service.ServiceHelper.startService(route.getConsumer());
                    }
                }
                Set<String> tableFields = airtable.connect(schema);
                pairs.forEach(p -> p.connect(tableFields));
            }
        });
    }

    private static void startSandboxIfWanted(CamelContext context, Settings settings) throws Exception {
        String mode = settings.get("leadsync.sandbox", "auto");
        boolean forced = "true".equalsIgnoreCase(mode);
        if (!forced && !("auto".equalsIgnoreCase(mode) && settings.get("leadsync.airtable.token", null) == null)) {
            return;
        }
        List<String> unused = CREDENTIALS.stream().filter(k -> settings.get(k, null) != null).toList();
        String why = !forced ? "no Airtable token configured"
                : "forced by leadsync.sandbox=true" + (unused.isEmpty() ? ""
                : ", the configured credentials (" + String.join(", ", unused) + ") are not used");
        Path saved = Sandbox.prepare(settings.get("leadsync.data-dir", "data"),
                settings.flag("leadsync.sandbox.reset", false), TRACKERS);
        Sandbox box;
        try {
            box = Sandbox.start(settings.integer("leadsync.sandbox.airtable-port", 8181),
                    settings.integer("leadsync.sandbox.trello-port", 8182),
                    settings.integer("leadsync.sandbox.clickup-port", 8183),
                    settings.millis("leadsync.sandbox.seed", 42), saved);
        } catch (PortInUseException e) {
            throw new IllegalStateException(e.getMessage() + " (is leadsync already running?); set leadsync.sandbox."
                    + e.service() + "-port to a free port, or 0 for any", e);
        }
        context.addService(box);
        SecretMask.hide(List.of(SandboxCredentials.AIRTABLE_TOKEN, SandboxCredentials.TRELLO_KEY,
                SandboxCredentials.TRELLO_TOKEN, SandboxCredentials.CLICKUP_TOKEN));
        settings.set("leadsync.airtable.url", box.airtableUrl());
        settings.set("leadsync.airtable.token", SandboxCredentials.AIRTABLE_TOKEN);
        settings.set("leadsync.trello.url", box.trelloUrl());
        settings.set("leadsync.trello.key", SandboxCredentials.TRELLO_KEY);
        settings.set("leadsync.trello.token", SandboxCredentials.TRELLO_TOKEN);
        settings.set("leadsync.clickup.url", box.clickupUrl());
        settings.set("leadsync.clickup.token", SandboxCredentials.CLICKUP_TOKEN);
        if (settings.flag("leadsync.sandbox.activity", false)) {
            box.startActivity(settings.millis("leadsync.sandbox.activity-interval", 4000));
        }
        LOG.info(box.banner(why));
    }

    /**
     * The table, and the mapping step of its write route (airtableRequests, routes/airtable-writes.camel.yaml). The
     * API routes read the credentials from the properties; here they are only checked.
     */
    private static AirtableClient airtable(CamelContext context, Settings settings) {
        settings.required("leadsync.airtable.token",
                "set AIRTABLE_TOKEN to an Airtable personal access token (or leave it unset to run the sandbox)");
        AirtableClient table = new AirtableClient(new ApiCall(context, "airtable"),
                settings.get("leadsync.airtable.base", "Leadsync Sandbox"), settings.get("leadsync.airtable.table", "Leads"));
        context.getRegistry().bind("airtableRequests", new AirtableRequests(table));
        return table;
    }

    /** The board, and the mapping steps of its write routes (trelloRequests, routes/trello-writes.camel.yaml). */
    private static TrelloTracker trello(CamelContext context, Settings settings, boolean enabled) {
        credential(settings, enabled, "leadsync.trello.key", "set TRELLO_KEY to your Trello API key");
        credential(settings, enabled, "leadsync.trello.token", "set TRELLO_TOKEN to a Trello token for that key");
        TrelloTracker board = new TrelloTracker(new ApiCall(context, "trello"),
                settings.get("leadsync.trello.board", "Work Tracker"));
        context.getRegistry().bind("trelloRequests", new TrelloRequests(board));
        return board;
    }

    /** The list, and the mapping steps of its write routes (clickupRequests, routes/clickup-writes.camel.yaml). */
    private static ClickUpTracker clickup(CamelContext context, Settings settings, boolean enabled, long overlap) {
        credential(settings, enabled, "leadsync.clickup.token", "set CLICKUP_TOKEN to a ClickUp personal token (pk_...)");
        ClickUpTracker list = new ClickUpTracker(new ApiCall(context, "clickup"),
                settings.get("leadsync.clickup.list", "Leads Work"),
                settings.get("leadsync.clickup.record-field", "Airtable Record ID"), overlap);
        context.getRegistry().bind("clickupRequests", new ClickUpRequests(list));
        return list;
    }

    /** Every cycle writes state there: a directory leadsync cannot write to is a start-up error, not a poll error. */
    private static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The data directory " + dir.toAbsolutePath() + " is not writable ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "): make it writable or set leadsync.data-dir", e);
        }
    }

    private static void credential(Settings settings, boolean enabled, String key, String hint) {
        if (enabled) {
            settings.required(key, hint);
        }
    }
}
