package io.leadsync.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.leadsync.airtable.LeadSchema;
import io.leadsync.cluster.Leadership;
import io.leadsync.dashboard.ActivityView;
import io.leadsync.dashboard.DashboardFiles;
import io.leadsync.dashboard.ManagementServer;
import io.leadsync.dashboard.OperatorAccess;
import io.leadsync.dashboard.PairActions;
import io.leadsync.dashboard.PairControls;
import io.leadsync.dashboard.PairDirectory;
import io.leadsync.dashboard.PairsView;
import io.leadsync.dashboard.SandboxView;
import io.leadsync.dryrun.DryRun;
import io.leadsync.dryrun.PlanPreviews;
import io.leadsync.http.ApiCall;
import io.leadsync.observe.PairWatch;
import io.leadsync.http.StopSignal;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.StateStorage;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.sync.MatchRule;
import io.leadsync.sync.SafetyRail;
import io.leadsync.sync.SyncPolicy;
import io.leadsync.webhooks.EchoFilter;
import io.leadsync.webhooks.KnownSecrets;
import io.leadsync.sync.CycleCadence;
import io.leadsync.webhooks.LastDeliveries;
import io.leadsync.webhooks.OwnUsers;
import io.leadsync.webhooks.PayloadWakeUps;
import io.leadsync.webhooks.TrustedProxies;
import io.leadsync.webhooks.WebhookReceiver;
import io.leadsync.webhooks.WebhookServer;
import io.leadsync.webhooks.WebhookUpkeep;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.IdAware;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wires leadsync from {@code leadsync.*} properties (injected; their defaults live in application.properties, the
 * sandbox is started before by {@link SandboxStartup}, the shared rules are bound by {@link SyncRules}):
 * the state every pair shares, and {@link Pairs}, which makes each pair's beans when the routes declaring it are made
 * (the API routes share one rate budget per credential). Before any cycle, every enabled pair connects: its table,
 * its board or list and its mapping are checked. Anything misconfigured stops start-up with a message that says
 * what to fix.
 */
public final class LeadsyncConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LeadsyncConfiguration.class);

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
    @PropertyInject("leadsync.poll-interval")
    private long pollInterval;
    @PropertyInject("leadsync.trello.card-name-template")
    private String trelloNameTemplate;
    @PropertyInject("leadsync.clickup.task-name-template")
    private String clickupNameTemplate;
    @PropertyInject(value = "leadsync.dry-run", defaultValue = "false")
    private boolean dryRun;
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
        // a dry run's copy of it (SandboxStartup sets it before this class is configured)
        dataDir = settings.optional("leadsync.data-dir");
        Set<String> enabled = Arrays.stream(trackers.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String tracker : enabled) {
            if (!PairSpec.TRACKERS.contains(tracker)) {
                throw new IllegalStateException("leadsync.trackers has '" + tracker + "'; use trello, clickup or both");
            }
        }
        PairSpec.TRACKERS.forEach(t -> settings.set("leadsync." + t + ".enabled",
                String.valueOf(enabled.contains(t))));

        // a stop ends every wait for a rate limit or a retry at once (see StopSignal)
        StopSignal stop = new StopSignal();
        // the API routes' rate budgets (routes/*-api.camel.yaml) wait on it
        context.getRegistry().bind("stopSignal", stop);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext ctx) {
                stop.raise();
            }

            @Override
            public void onContextStarted(CamelContext ctx) {
                // a pair file added or changed while running is made into its pair (Camel's reload leaves them out)
                PairFileReload.install(ctx);
            }
        });
        if (dryRun) {
            // it writes nothing: it plans every pair, whoever leads it
            settings.set("leadsync.cluster", "none");
        }
        // each pair's cycle under its own election when leadsync.cluster names a cluster service (the bean leadership)
        Leadership leadership = ClusterStartup.configure(context, settings);
        Clock clock = clock(context);
        settings.required("leadsync.airtable.token",
                "set AIRTABLE_TOKEN to an Airtable personal access token (or leave it unset to run the sandbox)");

        // bound by SandboxStartup (StateStartup), before the sandbox read it
        StateStorage storage = context.getRegistry().lookupByNameAndType("stateStorage", StateStorage.class);
        DurableIdempotentRepository changeLog = new DurableIdempotentRepository(storage, 200_000);
        context.addService(changeLog);
        context.getRegistry().bind("changeLog", changeLog);
        DeadLetterStore deadLetters = new DeadLetterStore(storage, clock);
        int keepDays = number(settings, "leadsync.audit.keep-days", "365");
        if (keepDays < 0) {
            throw new IllegalStateException("leadsync.audit.keep-days is " + keepDays + "; use 0 (keep every entry) "
                    + "or a number of days");
        }
        AuditLog audit = new AuditLog(storage, clock, Duration.ofDays(keepDays));
        if (!List.of("stop", "move-aside").contains(onCorrupt)) {
            throw new IllegalStateException("leadsync.state.on-corrupt is '" + onCorrupt + "'; use stop or move-aside");
        }

        StatusOriginJournal origins = new StatusOriginJournal(storage);
        // every pair's beans are made when its route is (at start-up, or when a new file is loaded while running)
        Pairs pairs = new Pairs(context, settings, new Pairs.Common(schema, policy, limits, matchRule, dataDir,
                storage, "move-aside".equals(onCorrupt), overlap, uncertainCreateWait, reconcileInterval, pollInterval,
                clock, audit, deadLetters, origins, trelloNameTemplate,
                clickupNameTemplate));
        if (!(context.getRegistry() instanceof DefaultRegistry registry)) {
            throw new IllegalStateException("leadsync needs Camel's DefaultRegistry to make its pairs' beans");
        }
        registry.addBeanRepository(pairs);
        if (leadership.elected()) {
            // the pair's previous leader changed the shared state: read it again before this node's first cycle
            leadership.onGained(pair -> {
                pairs.reloadState(pair);
                changeLog.reload();
                origins.reload();
                deadLetters.reload();
            });
        }
        plans(context, settings, clock, pairs, dryRun);
        if (dryRun) {
            // no webhook registered, kept up or listened for (registering one is a write); no dashboard, whose
            // actions write, and whose port the leadsync running beside the dry run may hold
            settings.set("leadsync.webhooks.public-url", "");
            settings.set("leadsync.management.enabled", "false");
        }
        webhooks(context, settings, clock, pairs, dataDir, leadership);
        management(context, settings, pairs, audit, deadLetters);
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
                for (Pairs.Built pair : pairs.built()) {
                    if (dryRun && pair.spec().enabled()) {
                        checkDryRunStep(ctx, pair.spec().name());
                    }
                }
                for (Pairs.Built pair : pairs.built()) {
                    if (pair.spec().enabled()) {
                        // no exchange yet to name the pair in the log lines (camel-mdc does that for the cycles)
                        try (MDC.MDCCloseable named = MDC.putCloseable("pair", pair.spec().name())) {
                            pair.pair().connect();
                        }
                    }
                }
            }
        });
    }

    /**
     * The webhook receiver (routes/webhooks.camel.yaml), on when leadsync.webhooks.public-url is set (the sandbox
     * sets it to loopback): its HTTP server and the beans its route calls. Off, no port is opened and the route is
     * not made (its precondition reads leadsync.webhooks.enabled, set here either way).
     */
    private static void webhooks(CamelContext context, Settings settings, Clock clock, Pairs pairs, String dataDir,
                                 Leadership leadership) throws Exception {
        String publicUrl = settings.optional("leadsync.webhooks.public-url");
        settings.set("leadsync.webhooks.enabled", String.valueOf(publicUrl != null));
        if (publicUrl == null) {
            return;
        }
        if (!publicUrl.startsWith("https://") && !publicUrl.startsWith("http://")) {
            throw new IllegalStateException("leadsync.webhooks.public-url is '" + publicUrl
                    + "'; use the http(s):// address the services call, or leave it empty to turn webhooks off");
        }
        String host = Objects.requireNonNullElse(settings.optional("leadsync.webhooks.host"), "127.0.0.1");
        int port = WebhookServer.resolvePort(number(settings, "leadsync.webhooks.port", "8180"));
        long maxAge = number(settings, "leadsync.webhooks.max-age", "90000000");
        KnownSecrets secrets = new KnownSecrets(settings.optional("leadsync.trello.secret"),
                pair -> pairs.built().stream().anyMatch(b -> b.spec().enabled() && b.spec().name().equals(pair)
                        && "trello".equals(b.spec().tracker())));
        context.getRegistry().bind("webhookSecrets", secrets);
        WebhookReceiver receiver = new WebhookReceiver(secrets, publicUrl, Duration.ofMillis(maxAge), clock);
        context.getRegistry().bind("webhookReceiver", receiver);
        // each pair's webhooks registered and kept up (routes/webhook-upkeep.camel.yaml), their secrets in data/
        WebhookUpkeep.Services services = new WebhookUpkeep.Services(new ApiCall(context, "trello"),
                new ApiCall(context, "airtable"), new ApiCall(context, "clickup"));
        WebhookUpkeep upkeep = new WebhookUpkeep(pairs::webhookTargets, services, receiver::callbackUrl,
                settings.optional("leadsync.trello.token"), dataDir, clock, secrets);
        context.getRegistry().bind("webhookUpkeep", upkeep);
        if (leadership.elected()) {
            // the upkeep route skips the pairs led elsewhere: a node taking the lead keeps the pair's webhooks up at
            // once rather than at its next upkeep, up to leadsync.webhooks.upkeep-interval later
            leadership.onGained(pair -> {
                try {
                    upkeep.pairs();
                    upkeep.upkeep(pair);
                } catch (RuntimeException e) {
                    LOG.warn("the webhooks of pair {} were not kept up on taking the lead ({}); the next upkeep tries "
                            + "again", pair, e.getMessage());
                }
            });
        }
        // while a pair's webhooks are healthy, its polls are the safety net only
        pairs.pollAsSafetyNet(upkeep::health, number(settings, "leadsync.webhooks.safety-poll", "300000"));
        // a delivery wakes its pair: the pair's cycle runs at its next tick
        LastDeliveries deliveries = new LastDeliveries((pair, readAll) -> cadence(pairs, pair)
                .ifPresent(cadence -> cadence.wake(readAll)));
        context.getRegistry().bind("lastDeliveries", deliveries);
        // leadsync's own user on each service in use (learnt before the first upkeep): its own echoes on what no
        // other pair shares wake nothing
        OwnUsers ownUsers = new OwnUsers(services, () -> pairs.webhookTargets().stream()
                .flatMap(t -> Stream.of(t.tracker(), "airtable")).collect(Collectors.toCollection(TreeSet::new)));
        context.getRegistry().bind("ownUsers", ownUsers);
        EchoFilter echoes = new EchoFilter(ownUsers::id, pairs::webhookTargets, deliveries,
                pair -> cadence(pairs, pair).ifPresent(CycleCadence::heard));
        context.getRegistry().bind("echoFilter", echoes);
        // an Airtable ping is woken with the payloads it announces (listed from the stored cursor, queued)
        context.getRegistry().bind("pairWakeUps", new PayloadWakeUps(upkeep, echoes,
                context.createProducerTemplate()));
        // a refusal names its source: behind a reverse proxy, the address the proxy forwarded for
        WebhookServer.install(context, host, port,
                new TrustedProxies(settings.optional("leadsync.webhooks.trusted-proxies")));
    }

    /**
     * Each pair's latest plan preview (the bean planPreviews, read by routes/dry-run.camel.yaml) and the dry run's
     * report of it (the bean dryRun, which the cycle calls instead of pushing when leadsync.dry-run is true, or for
     * one cycle of a pair when an operator asks for a dry run on the dashboard).
     */
    private static void plans(CamelContext context, Settings settings, Clock clock, Pairs pairs, boolean dryRun) {
        PlanPreviews previews = new PlanPreviews(name -> pairs.built().stream()
                .anyMatch(b -> b.spec().name().equals(name)));
        context.getRegistry().bind("planPreviews", previews);
        String report = settings.optional("leadsync.dry-run.report");
        context.getRegistry().bind("dryRun", new DryRun(dryRun, previews, () -> pairs.built().stream()
                .filter(b -> b.spec().enabled()).map(b -> b.spec().name()).collect(Collectors.toSet()),
                report == null ? null : Path.of(report), context, clock));
    }

    /**
     * The management server (health, metrics, the dashboard: routes/dashboard.camel.yaml and its JSON API,
     * routes/dashboard-api.camel.yaml) unless leadsync.management.enabled is false; its routes' precondition reads
     * that setting.
     */
    private static void management(CamelContext context, Settings settings, Pairs pairs, AuditLog audit,
                                   DeadLetterStore deadLetters) throws Exception {
        if (!"true".equalsIgnoreCase(settings.optional("leadsync.management.enabled"))) {
            settings.set("leadsync.management.enabled", "false");
            return;
        }
        String host = Objects.requireNonNullElse(settings.optional("leadsync.management.host"), "127.0.0.1");
        OperatorAccess access = new OperatorAccess(host, settings.optional("leadsync.admin-token"));
        context.getRegistry().bind("operatorAccess", access);
        context.getRegistry().bind("dashboardFiles", new DashboardFiles());
        context.getRegistry().bind("sandboxView", new SandboxView(context));
        PairDirectory directory = new PairDirectory(() -> pairs.built().stream().map(b -> new PairControls(
                b.spec().name(), b.spec().tracker(), b.spec().describe(), b.spec().enabled(), b.pair(),
                (CycleCadence) b.beans().get("Cadence"))).toList());
        context.getRegistry().bind("pairDirectory", directory);
        context.getRegistry().bind("pairsView", new PairsView(directory, audit, deadLetters,
                pair -> pairs.watch(pair).map(PairWatch::view).orElse(Map.of())));
        context.getRegistry().bind("activityView", new ActivityView(directory, audit));
        context.getRegistry().bind("pairActions", new PairActions(directory, deadLetters,
                context.getRegistry().lookupByNameAndType("dryRun", DryRun.class)));
        ManagementServer.install(context, host, number(settings, "leadsync.management.port", "9876"));
    }

    /**
     * A cycle made from a sync-cycle template older than the dry run would push its plan: such a routes/ folder
     * stops a dry run before any request.
     */
    private static void checkDryRunStep(CamelContext context, String pair) {
        org.apache.camel.Route cycle = context.getRoute(pair + "-sync");
        // a step's id in a template's route carries the route's prefix (route-13trello-report-plan)
        if (cycle == null || cycle.filter("*").stream().noneMatch(step -> step instanceof IdAware named
                && named.getId() != null && named.getId().endsWith(pair + "-report-plan"))) {
            throw new IllegalStateException("The sync cycle in routes/ has no dry-run step (" + pair + "-report-plan): "
                    + "it predates the dry run and would write; update routes/sync-cycle.camel.yaml from this release "
                    + "before running with leadsync.dry-run=true");
        }
    }

    /** The named pair's cadence, once it is built. */
    private static java.util.Optional<CycleCadence> cadence(Pairs pairs, String pair) {
        return pairs.built().stream().filter(b -> b.spec().name().equals(pair)).findFirst()
                .map(b -> (CycleCadence) b.beans().get("Cadence"));
    }

    private static int number(Settings settings, String key, String fallback) {
        String value = Objects.requireNonNullElse(settings.optional(key), fallback);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " is '" + value + "'; use a whole number", e);
        }
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
}
