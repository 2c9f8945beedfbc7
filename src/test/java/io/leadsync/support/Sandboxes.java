package io.leadsync.support;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.airtable.AirtableLimits;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.clickup.ClickUpSettings;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.sandbox.trello.TrelloEmulator;

/**
 * The three emulators for one test, on ephemeral loopback ports, with fast rate limits, plus the questions
 * tests ask of them ("which cards carry lead X's marker?"). The sync under test reaches them only over HTTP.
 */
public final class Sandboxes implements AutoCloseable {

    public static final String BASE = LeadsSeed.BASE_ID;
    public static final String TABLE = LeadsSeed.TABLE_NAME;
    /**
     * ClickUp as tests run it: the published 100 requests/min would make every test wait on the limit (each
     * sync cycle reads the list), so the limit is raised; tests of the limit itself pass their own settings.
     */
    public static final ClickUpSettings CLICKUP = ClickUpSettings.defaults().withRequestsPerMinute(6_000);

    /**
     * The time of the three services and of leadsync run against them ({@link LeadsyncRun} binds it): a test
     * moves it on instead of sleeping. leadsync's rate budgets, fault delays and HTTP timeouts stay on real
     * time. Not the clock of a sandbox {@link #inside(LeadsyncRun)} an application: that one keeps its own.
     */
    public final ShiftableClock clock = new ShiftableClock();
    public final AirtableEmulator airtable;
    public final TrelloEmulator trello;
    public final ClickUpEmulator clickup;
    private final ClickUpSettings clickUpSettings;

    /**
     * How the three emulators are built; {@link #of(long)} gives the defaults every test starts from. Airtable
     * runs on the shared {@link #clock} unless the setup gives it its own.
     */
    public record Setup(long seed, List<FieldSpec> leadSchema, Clock airtableClock, AirtableLimits airtableLimits,
                        TrelloConfig trelloConfig, ClickUpSettings clickUpSettings) {

        public static Setup of(long seed) {
            return new Setup(seed, LeadsSeed.schema(), null,
                    AirtableLimits.defaults().withPenalty(Duration.ofMillis(500)), TrelloConfig.defaults(), CLICKUP);
        }

        public Setup leadSchema(List<FieldSpec> schema) {
            return new Setup(seed, schema, airtableClock, airtableLimits, trelloConfig, clickUpSettings);
        }

        public Setup airtableClock(Clock clock) {
            return new Setup(seed, leadSchema, clock, airtableLimits, trelloConfig, clickUpSettings);
        }

        public Setup airtableLimits(AirtableLimits limits) {
            return new Setup(seed, leadSchema, airtableClock, limits, trelloConfig, clickUpSettings);
        }

        public Setup trelloConfig(TrelloConfig config) {
            return new Setup(seed, leadSchema, airtableClock, airtableLimits, config, clickUpSettings);
        }

        public Setup clickUpSettings(ClickUpSettings settings) {
            return new Setup(seed, leadSchema, airtableClock, airtableLimits, trelloConfig, settings);
        }
    }

    public Sandboxes(long seed) {
        this(Setup.of(seed));
    }

    public Sandboxes(long seed, List<FieldSpec> leadSchema, ClickUpSettings clickUpSettings) {
        this(Setup.of(seed).leadSchema(leadSchema).clickUpSettings(clickUpSettings));
    }

    public Sandboxes(Setup setup) {
        this.clickUpSettings = setup.clickUpSettings();
        airtable = new AirtableEmulator(setup.airtableClock() == null ? clock : setup.airtableClock(), setup.seed(),
                setup.airtableLimits());
        airtable.seedLeads(setup.leadSchema());
        airtable.start(0);
        trello = new TrelloEmulator(clock, setup.seed(), setup.trelloConfig());
        trello.start(0);
        clickup = new ClickUpEmulator(clock, setup.seed(), setup.clickUpSettings());
        clickup.start(0);
        airtable.delayFaultMillis(3_000);
        trello.delayFaultMillis(3_000);
        clickup.delayFaultMillis(3_000);
    }


    private Sandboxes(AirtableEmulator airtable, TrelloEmulator trello, ClickUpEmulator clickup) {
        this.airtable = airtable;
        this.trello = trello;
        this.clickup = clickup;
        this.clickUpSettings = ClickUpSettings.defaults();
    }

    /** The emulators of an application running in sandbox mode (the application stops them: do not close). */
    public static Sandboxes inside(LeadsyncRun run) {
        Sandbox box = run.context().hasService(Sandbox.class);
        if (box == null) {
            throw new AssertionError("the application runs no sandbox");
        }
        return new Sandboxes(box.airtable(), box.trello(), box.clickup());
    }

    private static final int FAST = 10;
    private boolean speedUp;

    /**
     * Emulators whose rate limits are ten times the published ones (faults still inject 429s), for campaigns
     * that run many cycles a second; {@link #properties()} raises leadsync's client budgets to match.
     */
    public static Sandboxes fast(long seed) {
        return fast(seed, LeadsSeed.schema());
    }

    /** {@link #fast(long)} with another schema of the leads table (a second link field, say). */
    public static Sandboxes fast(long seed, List<FieldSpec> leadSchema) {
        Sandboxes fast = new Sandboxes(Setup.of(seed).leadSchema(leadSchema)
                .airtableLimits(AirtableLimits.defaults().withPenalty(Duration.ofMillis(500)).withPerBase(FAST * 5)
                        .withPerToken(FAST * 50))
                .trelloConfig(TrelloConfig.defaults().withRateLimits(FAST * 100, FAST * 300, Duration.ofSeconds(10)))
                .clickUpSettings(ClickUpSettings.defaults().withRequestsPerMinute(FAST * 100)
                        .withRateWindowMillis(60_000 / FAST)));
        fast.speedUp = true;
        return fast;
    }

    /** Properties that point leadsync at these emulators as if they were the real services. */
    public Map<String, String> properties() {
        Map<String, String> p = pointingAt(airtable, trello, clickup);
        // configured for the plan the emulator plays, as a user would for their workspace
        p.put("leadsync.clickup.requests-per-minute", Integer.toString(clickUpSettings.requestsPerMinute()));
        p.put("leadsync.airtable.rate-limit-penalty", "500");
        p.put("leadsync.trello.rate-limit-penalty", "500");
        if (speedUp) {
            p.put("leadsync.airtable.requests-per-second", String.valueOf(FAST * 5));
            p.put("leadsync.airtable.token-requests-per-second", String.valueOf(FAST * 50));
            p.put("leadsync.trello.token-requests-per-window", String.valueOf(FAST * 100));
            p.put("leadsync.trello.key-requests-per-window", String.valueOf(FAST * 300));
        }
        return p;
    }

    /** Properties that point leadsync at three emulators, with the sandbox credentials. */
    public static Map<String, String> pointingAt(EmulatorServer airtable, EmulatorServer trello, EmulatorServer clickup) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("leadsync.sandbox", "false");
        p.put("leadsync.airtable.url", airtable.baseUrl());
        p.put("leadsync.airtable.token", SandboxCredentials.AIRTABLE_TOKEN);
        p.put("leadsync.trello.url", trello.baseUrl());
        p.put("leadsync.trello.key", SandboxCredentials.TRELLO_KEY);
        p.put("leadsync.trello.token", SandboxCredentials.TRELLO_TOKEN);
        p.put("leadsync.clickup.url", clickup.baseUrl());
        p.put("leadsync.clickup.token", SandboxCredentials.CLICKUP_TOKEN);
        return p;
    }

    // ---------------------------------------------------------------- Airtable

    public List<RecordSnapshot> leads() {
        return airtable.records(BASE, TABLE);
    }

    public RecordSnapshot lead(String name) {
        return leads().stream().filter(r -> name.equals(r.field("Name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no lead named " + name));
    }

    public String leadId(String name) {
        return lead(name).id();
    }

    public String status(String leadId) {
        return (String) field(leadId, "Status");
    }

    /** A lead's cell, or null when it is empty. */
    public Object field(String leadId, String field) {
        return airtable.record(BASE, TABLE, leadId).orElseThrow().field(field);
    }

    public void setLead(String leadId, String field, Object value) {
        airtable.setField(BASE, TABLE, leadId, field, value);
    }

    public String addLead(String name, String status) {
        return airtable.createRecord(BASE, TABLE, Map.of("Name", name, "Status", status));
    }

    // ---------------------------------------------------------------- Trello

    public String boardId() {
        return trello.control().defaultBoardId();
    }

    /** Open cards per Airtable record id (from their markers); a lead with two cards shows up twice. */
    public Map<String, List<CardSnapshot>> openCardsByLead() {
        return trello.control().cards(boardId()).stream().filter(c -> !c.closed())
                .filter(c -> recordIdIn(c.desc()) != null)
                .collect(Collectors.groupingBy(c -> recordIdIn(c.desc()), LinkedHashMap::new, Collectors.toList()));
    }

    public CardSnapshot cardOf(String leadId) {
        List<CardSnapshot> cards = openCardsByLead().get(leadId);
        if (cards == null || cards.size() != 1) {
            throw new AssertionError("lead " + leadId + " has " + (cards == null ? 0 : cards.size()) + " open cards");
        }
        return cards.get(0);
    }

    // ---------------------------------------------------------------- ClickUp

    public Map<String, List<ClickUpTask>> tasksByLead() {
        return clickup.tasks().stream().filter(t -> !t.archived()).filter(t -> recordIdIn(t.description()) != null)
                .collect(Collectors.groupingBy(t -> recordIdIn(t.description()), LinkedHashMap::new,
                        Collectors.toList()));
    }

    public ClickUpTask taskOf(String leadId) {
        List<ClickUpTask> tasks = tasksByLead().get(leadId);
        if (tasks == null || tasks.size() != 1) {
            throw new AssertionError("lead " + leadId + " has " + (tasks == null ? 0 : tasks.size()) + " tasks");
        }
        return tasks.get(0);
    }

    /** The task's "Airtable Record ID" custom field, or null when it is unset. */
    public String airtableRecordIdOf(ClickUpTask task) {
        return task.customFieldText(clickup.airtableRecordIdFieldId()
                .orElseThrow(() -> new AssertionError("the ClickUp list has no Airtable Record ID field")));
    }

    public static String recordIdIn(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[leadsync:(rec\\w+)]").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** Leads by status, for readable assertions. */
    public Map<String, String> statusesByName() {
        return leads().stream().collect(Collectors.toMap(r -> String.valueOf(r.field("Name")),
                r -> String.valueOf(Objects.requireNonNullElse(r.field("Status"), "")), (a, b) -> a,
                LinkedHashMap::new));
    }

    @Override
    public void close() {
        airtable.close();
        trello.close();
        clickup.close();
    }

}
