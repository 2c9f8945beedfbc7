package io.leadsync.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.AirtableRequests;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.clickup.ClickUpRequests;
import io.leadsync.clickup.ClickUpTracker;
import io.leadsync.cluster.Leadership;
import io.leadsync.http.ApiCall;
import io.leadsync.http.BudgetGate;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.observe.PairHealthCheck;
import io.leadsync.observe.PairWatch;
import io.leadsync.observe.RateLimitMeters;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.LinkStore;
import io.leadsync.state.PauseFlag;
import io.leadsync.state.StateStorage;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.sync.CycleCadence;
import io.leadsync.sync.MatchRule;
import io.leadsync.sync.PersistDecisions;
import io.leadsync.sync.SafetyRail;
import io.leadsync.sync.SyncPair;
import io.leadsync.sync.SyncPlanner;
import io.leadsync.sync.SyncPolicy;
import io.leadsync.tracker.WorkTracker;
import io.leadsync.trello.TrelloRequests;
import io.leadsync.trello.TrelloTracker;
import io.leadsync.webhooks.WebhookHealth;
import io.leadsync.webhooks.WebhookUpkeep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairs the routes declare, made when their routes are: a templatedRoute of the sync-cycle template with
 * parameter {@code pair} is a pair ({@link PairSpec} reads what it connects), and this repository of the registry
 * answers the lookups of its beans ({@code <pair>Sync}, {@code <pair>Cycle}, {@code <pair>Planner},
 * {@code <pair>Persist}, {@code <pair>ItemWrites}, {@code <pair>LeadWrites}, {@code <pair>Tracker},
 * {@code <pair>Requests}, {@code <pair>TableRequests}, {@code <pair>Watch}) by building the pair on the first one. So a file added to
 * routes/ while leadsync runs adds a pair: its route is made ({@link PairFileReload}) and the route's steps find
 * the pair's beans here. An edited file whose pair connects something else (another board, table, link field)
 * gets the pair built anew; one that only changes the mapping keeps it (the mapping is looked up every cycle).
 * <p>
 * Per pair: its own tracker client, links, cursors, safety rail (data/&lt;pair&gt;-*). Shared: the Airtable client
 * of a table and its schema check (each pair still reads the table in its own cycle), the audit log, dead letters
 * and status origins (keyed by pair), and the rate budgets, which belong to the API routes, one per credential
 * (routes/*-api.camel.yaml).
 */
final class Pairs implements BeanRepository {

    private static final Logger LOG = LoggerFactory.getLogger(Pairs.class);

    /** The beans of a pair by the suffix of their names; longest first, so "TableRequests" is not "Requests". */
    private static final List<String> SUFFIXES = List.of("MappingChange", "TableRequests", "ItemWrites",
            "LeadWrites", "Requests", "Planner", "Persist", "Tracker", "Cadence", "Cycle", "Watch", "Sync");

    /** What every pair shares, and the settings pairs are made with. */
    record Common(LeadSchema schema, SyncPolicy policy, SafetyRail.Limits limits, MatchRule matchRule,
                  String dataDir, StateStorage storage, boolean moveAsideIfCorrupt, long overlap,
                  long uncertainCreateWait,
                  long reconcileInterval, long pollInterval, Clock clock, AuditLog audit, DeadLetterStore deadLetters,
                  StatusOriginJournal origins,
                  String trelloNameTemplate, String clickupNameTemplate) {
    }

    /**
     * A pair as built: what it connects, its beans by suffix, what its webhooks watch, and its health check (null
     * for a disabled pair).
     */
    record Built(PairSpec spec, SyncPair pair, Map<String, Object> beans, WebhookUpkeep.Target webhooks,
                 PairHealthCheck check) {

        /**
         * Reads everything the pair keeps in memory of its state again from the storage (links, hold, pause): what
         * a node calls when it gains the pair's leadership.
         */
        void reloadState() {
            pair.reloadState();
            ((CycleCadence) beans.get("Cadence")).reloadState();
        }

        /** Made anew: its state files, its meters and its health check go. */
        void close() {
            pair.close();
            ((PairWatch) beans.get("Watch")).close();
            if (check != null) {
                check.unregister();
            }
        }
    }

    private final CamelContext context;
    private final Settings settings;
    private final Common common;
    private final Map<String, Built> built = new ConcurrentHashMap<>();
    private final Map<String, AirtableClient> tables = new ConcurrentHashMap<>();
    /** The fields of each table connected, by table name. */
    private final Map<String, Set<String>> tableFields = new ConcurrentHashMap<>();
    /** Each pair's webhook health, and the safety net's poll interval while healthy; none when webhooks are off. */
    private volatile java.util.function.Function<String, WebhookHealth> webhookHealth;
    private volatile long safetyPollMillis;

    Pairs(CamelContext context, Settings settings, Common common) {
        this.context = context;
        this.settings = settings;
        this.common = common;
    }

    /**
     * With webhooks on, the pairs built from now on poll at {@code safetyPollMillis} while {@code health} says
     * their webhooks are healthy (polling as the safety net), at the poll interval otherwise.
     */
    void pollAsSafetyNet(java.util.function.Function<String, WebhookHealth> health, long safetyPollMillis) {
        this.safetyPollMillis = safetyPollMillis;
        this.webhookHealth = health;
    }

    /** The client of the table configured by leadsync.airtable.table (and of every pair that names it). */
    AirtableClient table(String name) {
        return tables.computeIfAbsent(name, t -> new AirtableClient(new ApiCall(context, "airtable"),
                settings.optional("leadsync.airtable.base"), t));
    }

    /** The named pair's watch (its health, runs and items for the dashboard), once it is built. */
    java.util.Optional<PairWatch> watch(String pair) {
        return java.util.Optional.ofNullable(built.get(pair)).map(b -> (PairWatch) b.beans().get("Watch"));
    }

    /** The pairs built so far (every pair whose route exists, once the routes are made), in no order. */
    /** Reads the pair's state again from the storage (see {@link Built#reloadState}); nothing when it is not built. */
    void reloadState(String pair) {
        Built made = built.get(pair);
        if (made != null) {
            made.reloadState();
        }
    }

    List<Built> built() {
        return new ArrayList<>(built.values());
    }

    @Override
    public Object lookupByName(String name) {
        for (String suffix : SUFFIXES) {
            if (name.length() > suffix.length() && name.endsWith(suffix)) {
                String pair = name.substring(0, name.length() - suffix.length());
                PairSpec spec = declared(pair);
                if (spec == null) {
                    return null;
                }
                Built existing = built.get(pair); // the usual case, without waiting for a pair being built
                return (existing != null && existing.spec().equals(spec) ? existing : pair(spec)).beans().get(suffix);
            }
        }
        return null;
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Collections.emptyMap(); // a pair's beans are found by their names only
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Collections.emptySet();
    }

    /** The pair a route declares under this name, as its route says now; null when no route declares it. */
    private PairSpec declared(String pair) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model == null) {
            return null;
        }
        PairSpec found = null;
        String foundIn = null;
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null && pair.equals(parameters.get("pair"))) {
                if (foundIn != null && !foundIn.equals(route.getRouteId())) {
                    // two cycles of one pair would write the same state files at once
                    throw new IllegalStateException("Pair '" + pair + "' is declared twice (routes " + foundIn
                            + " and " + route.getRouteId() + "): give each pair a name of its own");
                }
                found = PairSpec.of(parameters, settings::optional, context::resolvePropertyPlaceholders);
                foundIn = route.getRouteId();
            }
        }
        return found;
    }

    /** The pair built for this spec: built now when it is new, or when its route now connects something else. */
    private synchronized Built pair(PairSpec spec) {
        Built existing = built.get(spec.name());
        if (existing != null && existing.spec().equals(spec)) {
            return existing;
        }
        if (existing != null) {
            LOG.info("pair {} now connects {} (was {}): made anew", spec.name(), spec.describe(),
                    existing.spec().describe());
            existing.close();
            // the shared routes' bean: endpoints (toD) hold the beans they were made with
            try {
                context.removeEndpoints("bean://" + spec.name() + "*");
            } catch (Exception e) {
                throw new IllegalStateException("Pair '" + spec.name() + "' cannot be made anew: " + e.getMessage(), e);
            }
        }
        Built made = build(spec);
        built.put(spec.name(), made);
        return made;
    }

    private Built build(PairSpec spec) {
        String name = spec.name();
        boolean trello = "trello".equals(spec.tracker());
        WorkTracker tracker;
        Object requests;
        if (trello) {
            TrelloTracker board = new TrelloTracker(new ApiCall(context, "trello"), spec.place());
            tracker = board;
            requests = new TrelloRequests(board);
        } else {
            ClickUpTracker list = new ClickUpTracker(new ApiCall(context, "clickup"), spec.place(),
                    spec.recordField(), common.overlap());
            tracker = list;
            requests = new ClickUpRequests(list);
        }
        AirtableClient table = table(spec.table());
        LinkStore links = new LinkStore(common.storage(), name, common.moveAsideIfCorrupt());
        // the defaults; the pair's mapping may declare its own templates and fields (checked on each load)
        ItemTemplate itemTemplate = trello
                ? new ItemTemplate(common.trelloNameTemplate(), common.schema())
                        .withLimits(TrelloTracker.MAX_TEXT, TrelloTracker.MAX_TEXT)
                : new ItemTemplate(common.clickupNameTemplate(), common.schema());
        // checked against the table as it is when the mapping is loaded (a field may have been added since)
        MappingSource mapping = new MappingSource(context, name, tracker, itemTemplate, table::refreshFieldTypes,
                "preview".equalsIgnoreCase(settings.optional("leadsync.mapping-changes")));
        SafetyRail rail = new SafetyRail(name, tracker.describe(), common.storage(), common.dataDir(), common.limits(),
                common.clock());
        SyncPlanner planner = new SyncPlanner(name, mapping, itemTemplate, common.schema(), common.policy(), links,
                common.deadLetters()::isQuarantined, common.origins(), common.uncertainCreateWait(), rail::holding,
                common.matchRule());
        SyncPair pair = new SyncPair(name, spec.tracker(), table, common.schema(), tracker,
                () -> connectTracker(spec, mapping), () -> connectTable(spec.table()), planner, rail, links,
                common.deadLetters(), common.origins(), common.audit(), spec.linkField(), common.reconcileInterval(),
                common.overlap(),
                common.clock());
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("Sync", pair);
        beans.put("Cycle", pair.cycle());
        PauseFlag paused = new PauseFlag(common.storage(), name);
        CycleCadence cadence = webhookHealth == null
                ? new CycleCadence(name, common.pollInterval(), paused, common.clock())
                : new CycleCadence(name, common.pollInterval(), safetyPollMillis, () -> webhookHealth.apply(name),
                        paused, common.clock());
        beans.put("Cadence", cadence);
        beans.put("Planner", planner);
        beans.put("MappingChange", mapping);
        beans.put("Persist", new PersistDecisions(name, links, common.audit(), common.deadLetters(),
                common.origins()));
        beans.put("ItemWrites", pair.itemWrites());
        beans.put("LeadWrites", pair.leadWrites());
        beans.put("Tracker", tracker);
        beans.put("Requests", requests);
        beans.put("TableRequests", new AirtableRequests(table));
        PairWatch watch = watch(spec, pair, cadence, links, rail);
        beans.put("Watch", watch);
        return new Built(spec, pair, beans, webhookTarget(spec, tracker, table, mapping, itemTemplate),
                spec.enabled() ? PairHealthCheck.register(context, watch) : null);
    }

    /**
     * What an operator sees of the pair (io.leadsync.observe): its health, cycles, items and meters, read from its
     * beans and state; its meters in the management server's registry (none when that is off).
     */
    private PairWatch watch(PairSpec spec, SyncPair pair, CycleCadence cadence, LinkStore links, SafetyRail rail) {
        String name = spec.name();
        java.util.function.Function<String, WebhookHealth> webhooks = webhookHealth;
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(RateLimitMeters.REGISTRY,
                MeterRegistry.class);
        // bound by ClusterStartup: a pair another node leads is ready, not failing
        Leadership leadership = context.getRegistry().lookupByNameAndType("leadership", Leadership.class);
        PairWatch.Sources sources = new PairWatch.Sources(spec.enabled(), pair::connected, pair::notConnectedBecause,
                cadence::paused, () -> !leadership.leads(name),
                cadence::expectedInterval, pair.cycle()::current, links::all, rail::held,
                () -> common.deadLetters().count(name), webhooks == null ? null : () -> webhooks.apply(name),
                () -> Stream.of("airtable", spec.tracker())
                        .map(service -> context.getRegistry().lookupByNameAndType(service + "Budget", BudgetGate.class))
                        .filter(Objects::nonNull).flatMap(gate -> gate.usage().stream()).toList());
        // a disabled pair has no meters (an empty composite records nothing)
        return new PairWatch(name, sources, meters == null || !spec.enabled() ? new CompositeMeterRegistry() : meters,
                common.clock());
    }

    /** What the pair's webhooks watch: its board or list, and the fields of its table that its mapping reads. */
    private WebhookUpkeep.Target webhookTarget(PairSpec spec, WorkTracker tracker, AirtableClient table,
                                               MappingSource mapping, ItemTemplate itemTemplate) {
        Supplier<List<String>> watched = () -> {
            PairMapping current = mapping.get();
            if (current == null) {
                throw new IllegalStateException("mapping not connected yet");
            }
            Set<String> names = new TreeSet<>(itemTemplate.with(current).airtableFields());
            names.add(common.schema().status());
            names.addAll(current.getFilter().keySet());
            Map<String, String> ids = table.fieldIds();
            return names.stream().map(ids::get).filter(Objects::nonNull).toList();
        };
        if (tracker instanceof TrelloTracker board) {
            return new WebhookUpkeep.Target(spec.name(), spec.tracker(), board::boardId, () -> null, table::baseId,
                    table::tableId, watched);
        }
        ClickUpTracker list = (ClickUpTracker) tracker;
        return new WebhookUpkeep.Target(spec.name(), spec.tracker(), list::listId, list::teamId, table::baseId,
                table::tableId, watched);
    }

    /** The webhook targets of the enabled pairs built so far. */
    List<WebhookUpkeep.Target> webhookTargets() {
        return built().stream().filter(b -> b.spec().enabled()).map(Built::webhooks).toList();
    }

    /**
     * Its link field (no other pair's on the table), the credentials of the pair's tracker, then its board or list
     * against its mapping. The trackers name the
     * property of the shipped pairs' board or list in what to fix; a pair that names its own says its parameter.
     * The sandbox makes a Trello board it lacks (with the mapping's lists), except in a dry run; its ClickUp has its
     * one list only.
     */
    private void connectTracker(PairSpec spec, MappingSource mapping) {
        checkLinkField(spec);
        if ("trello".equals(spec.tracker())) {
            settings.required("leadsync.trello.key", "set TRELLO_KEY to your Trello API key");
            settings.required("leadsync.trello.token", "set TRELLO_TOKEN to a Trello token for that key");
        } else {
            settings.required("leadsync.clickup.token", "set CLICKUP_TOKEN to a ClickUp personal token (pk_...)");
        }
        Sandbox sandbox = context.hasService(Sandbox.class);
        // not in a dry run: making a board is a write (the connect then says the board is missing)
        if (sandbox != null && "trello".equals(spec.tracker())
                && !"true".equalsIgnoreCase(settings.optional("leadsync.dry-run"))) {
            sandbox.makeBoardIfMissing(spec.place(), mapping.bucketsNamed());
        }
        String property = "trello".equals(spec.tracker()) ? "leadsync.trello.board" : "leadsync.clickup.list";
        try {
            mapping.connect();
        } catch (IllegalStateException e) {
            if (property.equals(spec.placeSetting()) || e.getMessage() == null) {
                throw e;
            }
            throw new IllegalStateException(e.getMessage().replace("Set " + property, "Set " + spec.placeSetting()),
                    e);
        }
    }

    /** The table's fields, the table checked once (every pair on it shares the check). */
    private Set<String> connectTable(String name) {
        Set<String> fields = tableFields.get(name);
        if (fields == null) {
            fields = table(name).connect(common.schema());
            tableFields.put(name, fields);
        }
        return fields;
    }

    /** Two pairs writing their ids into one field of one table would overwrite each other's. */
    private void checkLinkField(PairSpec spec) {
        if (spec.linkField() == null) {
            return;
        }
        for (Built other : built()) {
            PairSpec o = other.spec();
            if (!o.name().equals(spec.name()) && o.enabled() && spec.table().equals(o.table())
                    && spec.linkField().equals(o.linkField())) {
                throw new IllegalStateException("pairs '" + o.name() + "' and '" + spec.name() + "' both write "
                        + "their ids into field '" + spec.linkField() + "' of table '" + spec.table()
                        + "': give one of them its own linkField parameter");
            }
        }
    }
}
