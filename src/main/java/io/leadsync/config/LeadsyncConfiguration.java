package io.leadsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.AirtableRequests;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.clickup.ClickUpRequests;
import io.leadsync.clickup.ClickUpTracker;
import io.leadsync.http.ApiCall;
import io.leadsync.http.StopSignal;
import io.leadsync.mapping.ItemTemplate;
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
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.MDC;

/**
 * Wires leadsync from {@code leadsync.*} properties (injected; their defaults live in application.properties, the
 * sandbox is started before by {@link SandboxStartup}, the shared rules are bound by {@link SyncRules}):
 * builds the API clients (their routes share one rate budget per credential), checks the Airtable table, and binds a
 * pair's beans per work tracker for the YAML routes ({@code <pair>Sync}, {@code <pair>ItemWrites},
 * {@code <pair>LeadWrites}, {@code <pair>Requests}). Anything misconfigured stops start-up with a message that says what to fix.
 */
public final class LeadsyncConfiguration implements CamelConfiguration {

    static final List<String> TRACKERS = List.of("trello", "clickup");

    @PropertyInject("leadsync.trackers")
    private String trackers;
    @PropertyInject("leadsync.data-dir")
    private String dataDir;
    @PropertyInject("leadsync.state.on-corrupt")
    private String onCorrupt;
    @PropertyInject("leadsync.overlap")
    private long overlap;
    @PropertyInject("leadsync.uncertain-create-wait")
    private long uncertainCreateWait;
    @PropertyInject("leadsync.reconcile-interval")
    private long reconcileInterval;
    @PropertyInject("leadsync.airtable.base")
    private String airtableBase;
    @PropertyInject("leadsync.airtable.table")
    private String airtableTable;
    @PropertyInject("leadsync.trello.board")
    private String trelloBoard;
    @PropertyInject("leadsync.clickup.list")
    private String clickupList;
    @PropertyInject("leadsync.clickup.record-field")
    private String clickupRecordField;
    @PropertyInject("leadsync.trello.link-field")
    private String trelloLinkField;
    @PropertyInject("leadsync.clickup.link-field")
    private String clickupLinkField;
    @PropertyInject("leadsync.trello.card-name-template")
    private String trelloNameTemplate;
    @PropertyInject("leadsync.clickup.task-name-template")
    private String clickupNameTemplate;
    // bound by SyncRules
    @BeanInject("leadSchema")
    private LeadSchema schema;
    @BeanInject("syncPolicy")
    private SyncPolicy policy;
    @BeanInject("safetyLimits")
    private SafetyRail.Limits limits;
    @BeanInject("matchRule")
    private MatchRule matchRule;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Set<String> enabled = Arrays.stream(trackers.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String tracker : enabled) {
            if (!TRACKERS.contains(tracker)) {
                throw new IllegalStateException("leadsync.trackers has '" + tracker + "'; use trello, clickup or both");
            }
        }
        TRACKERS.forEach(t -> settings.set("leadsync." + t + ".enabled", String.valueOf(enabled.contains(t))));

        checkWritable(Path.of(dataDir));
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
        Clock clock = clock(context);

        DurableIdempotentRepository changeLog = new DurableIdempotentRepository(dataDir, 200_000);
        context.addService(changeLog);
        context.getRegistry().bind("changeLog", changeLog);
        DeadLetterStore deadLetters = new DeadLetterStore(dataDir, clock);
        AuditLog audit = new AuditLog(dataDir, clock);
        if (!List.of("stop", "move-aside").contains(onCorrupt)) {
            throw new IllegalStateException("leadsync.state.on-corrupt is '" + onCorrupt + "'; use stop or move-aside");
        }

        List<SyncPair> pairs = new ArrayList<>();
        // every pair gets its bean (the routes refer to it); only enabled ones need credentials and connect
        for (String name : TRACKERS) {
            boolean on = enabled.contains(name);
            boolean trello = "trello".equals(name);
            WorkTracker tracker = trello ? trello(context, settings, on) : clickup(context, settings, on);
            String linkField = Settings.blankAsNone(trello ? trelloLinkField : clickupLinkField);
            String nameTemplate = trello ? trelloNameTemplate : clickupNameTemplate;
            LinkStore links = new LinkStore(dataDir, name, "move-aside".equals(onCorrupt));
            // the defaults; the pair's mapping may declare its own templates and fields (checked on each load)
            ItemTemplate itemTemplate = trello
                    ? new ItemTemplate(nameTemplate, schema).withLimits(TrelloTracker.MAX_TEXT, TrelloTracker.MAX_TEXT)
                    : new ItemTemplate(nameTemplate, schema);
            // checked against the table as it is when the mapping is loaded (a field may have been added since)
            MappingSource mapping = new MappingSource(context, name + "Mapping", tracker, itemTemplate,
                    airtable::refreshFieldTypes);
            SafetyRail rail = new SafetyRail(name, tracker.describe(), dataDir, limits);
            SyncPlanner planner = new SyncPlanner(name, mapping, itemTemplate, schema, policy,
                    links, deadLetters::isQuarantined, uncertainCreateWait, rail::holding, matchRule);
            SyncPair pair = new SyncPair(airtable, schema, tracker, mapping::connect, planner, rail, links,
                    deadLetters, linkField, reconcileInterval, overlap, clock);
            if (on) {
                pairs.add(pair);
            }
            context.getRegistry().bind(name + "Sync", pair);
            context.getRegistry().bind(name + "Cycle", pair.cycle());
            context.getRegistry().bind(name + "Planner", planner);
            context.getRegistry().bind(name + "Persist", new PersistDecisions(name, links, audit, deadLetters));
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
                Set<String> fields = airtable.connect(schema);
                for (SyncPair pair : pairs) {
                    // no exchange yet to name the pair in the log lines (camel-mdc does that for the cycles)
                    try (MDC.MDCCloseable named = MDC.putCloseable("pair", pair.name())) {
                        pair.connect(fields);
                    }
                }
            }
        });
    }

    /**
     * leadsync's own time, the bean "clock" (the system clock unless one is bound: tests bind one they move on).
     * Rate budgets, timeouts and Camel's timers stay on real time: they wait on real services.
     */
    private static Clock clock(CamelContext context) {
        Clock bound = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        if (bound != null) {
            return bound;
        }
        context.getRegistry().bind("clock", Clock.systemUTC());
        return Clock.systemUTC();
    }

    /**
     * The table, and the mapping step of its write route (airtableRequests, routes/airtable-writes.camel.yaml). The
     * API routes read the credentials from the properties; here they are only checked.
     */
    private AirtableClient airtable(CamelContext context, Settings settings) {
        settings.required("leadsync.airtable.token",
                "set AIRTABLE_TOKEN to an Airtable personal access token (or leave it unset to run the sandbox)");
        AirtableClient table = new AirtableClient(new ApiCall(context, "airtable"), airtableBase, airtableTable);
        context.getRegistry().bind("airtableRequests", new AirtableRequests(table));
        return table;
    }

    /**
     * The board (trelloTracker: the steps of its read routes, routes/trello-reads.camel.yaml), and the mapping steps
     * of its write routes (trelloRequests, routes/trello-writes.camel.yaml).
     */
    private TrelloTracker trello(CamelContext context, Settings settings, boolean enabled) {
        credential(settings, enabled, "leadsync.trello.key", "set TRELLO_KEY to your Trello API key");
        credential(settings, enabled, "leadsync.trello.token", "set TRELLO_TOKEN to a Trello token for that key");
        TrelloTracker board = new TrelloTracker(new ApiCall(context, "trello"), trelloBoard);
        context.getRegistry().bind("trelloTracker", board);
        context.getRegistry().bind("trelloRequests", new TrelloRequests(board));
        return board;
    }

    /**
     * The list (clickupTracker: the steps of its read routes, routes/clickup-reads.camel.yaml), and the mapping steps
     * of its write routes (clickupRequests, routes/clickup-writes.camel.yaml).
     */
    private ClickUpTracker clickup(CamelContext context, Settings settings, boolean enabled) {
        credential(settings, enabled, "leadsync.clickup.token", "set CLICKUP_TOKEN to a ClickUp personal token (pk_...)");
        ClickUpTracker list = new ClickUpTracker(new ApiCall(context, "clickup"), clickupList, clickupRecordField,
                overlap);
        context.getRegistry().bind("clickupTracker", list);
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
