package io.leadsync.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.sandbox.trello.TrelloEmulator;
import io.leadsync.state.PairStateFiles;
import io.leadsync.state.StateStorage;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three emulators on loopback, seeded: a "Leadsync Sandbox" base with a "Leads" table, a "Work Tracker"
 * Trello board (TODO, DONE) and a "Leads Work" ClickUp list. Started when no real credentials are configured;
 * a Camel service so it stops with the application. Their data is kept in a folder and loaded at the next
 * start, so a restart continues where the last run stopped.
 */
public final class Sandbox implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final AirtableEmulator airtable;
    private final TrelloEmulator trello;
    private final ClickUpEmulator clickup;
    private final long seed;
    private final Path dataDir;
    private final boolean continued;
    private ActivitySimulator activity;

    private Sandbox(AirtableEmulator airtable, TrelloEmulator trello, ClickUpEmulator clickup, long seed, Path dataDir,
                    boolean continued) {
        this.airtable = airtable;
        this.trello = trello;
        this.clickup = clickup;
        this.seed = seed;
        this.dataDir = dataDir;
        this.continued = continued;
    }

    /**
     * Starts the emulators with the data saved in {@code dataDir} (one file per service), seeding what has none
     * saved yet; a port of 0 picks a free one.
     */
    public static Sandbox start(int airtablePort, int trelloPort, int clickupPort, long seed, Path dataDir) {
        Clock clock = Clock.systemUTC();
        AirtableEmulator airtable = new AirtableEmulator(clock, seed);
        TrelloEmulator trello = new TrelloEmulator(clock, seed);
        ClickUpEmulator clickup = new ClickUpEmulator(clock, seed);
        boolean continued;
        try {
            continued = airtable.persistIn(dataDir.resolve("airtable.json"));
            if (!continued) {
                airtable.seedLeads();
                airtable.save();
            }
            trello.persistIn(dataDir.resolve("trello.json"));
            clickup.persistIn(dataDir.resolve("clickup.json"));
            airtable.start(airtablePort);
            trello.start(trelloPort);
            clickup.start(clickupPort);
        } catch (RuntimeException e) {
            airtable.close();
            trello.close();
            clickup.close();
            throw e;
        }
        return new Sandbox(airtable, trello, clickup, seed, dataDir, continued);
    }

    /**
     * The folder under leadsync's data directory the sandbox is saved in, made ready: with {@code reset} the saved
     * sandbox and the sync state of its {@code pairs} (in the {@code state} storage, files or database) are deleted (and the log says what); links with no saved
     * sandbox (left by an older leadsync or by real accounts) stop start-up rather than be unlinked one by one.
     */
    public static Path prepare(String syncDataDir, StateStorage state, boolean reset, Collection<String> pairs) {
        Path saved = Path.of(syncDataDir, "sandbox");
        if (reset) {
            boolean had = forget(saved);
            List<String> deleted = PairStateFiles.delete(state, pairs);
            LOG.warn("leadsync.sandbox.reset=true: starting the sandbox afresh; deleted {}{}", had ? saved + " and " : "",
                    deleted.isEmpty() ? "no sync state" : "the sync state " + deleted);
        } else if (!Files.exists(saved) && PairStateFiles.anyLinks(state, pairs)) {
            throw new IllegalStateException(state.describe() + " holds links but no saved sandbox (" + saved
                    + "): they were made by an older leadsync's sandbox or with real accounts, and a fresh sandbox has none of their "
                    + "cards; start once with leadsync.sandbox.reset=true to delete them and start afresh, or set "
                    + "leadsync.data-dir to another folder");
        }
        return saved;
    }

    /** Deletes the data saved in {@code dataDir}; returns whether there was any. */
    private static boolean forget(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the saved sandbox " + dataDir, e);
        }
        return true;
    }

    /** Simulated people edit both sides every {@code intervalMillis}, in an order fixed by the seed. */
    public void startActivity(long intervalMillis) {
        activity = new ActivitySimulator(airtable, trello, clickup, intervalMillis, seed);
        activity.start();
    }

    /** The emulators themselves, for tests and experiments in the same JVM. */
    public AirtableEmulator airtable() {
        return airtable;
    }

    public TrelloEmulator trello() {
        return trello;
    }

    public ClickUpEmulator clickup() {
        return clickup;
    }

    /**
     * A board a pair names that the sandbox lacks is made, with the lists its mapping names, so a newcomer can add
     * a second board in the sandbox as they would in Trello. Returns whether it was made.
     */
    public boolean makeBoardIfMissing(String name, Collection<String> lists) {
        TrelloControl control = trello.control();
        try {
            control.boardId(name);
            return false;
        } catch (IllegalArgumentException missing) {
            String board = control.createBoard(name);
            lists.forEach(list -> control.createList(board, list));
            LOG.info("Sandbox: made Trello board '{}' with lists {} for the pair that names it", name, lists);
            return true;
        }
    }

    public String airtableUrl() {
        return airtable.baseUrl();
    }

    public String trelloUrl() {
        return trello.baseUrl();
    }

    public String clickupUrl() {
        return clickup.baseUrl();
    }

    /** @param why why the sandbox runs: "no Airtable token configured", or that it was forced */
    public String banner(String why) {
        return String.join(System.lineSeparator(), "",
                "==================================================================================",
                " SANDBOX MODE: " + why + "; syncing against embedded emulators",
                "   Airtable API  " + airtableUrl() + "/v0",
                "   Trello API    " + trelloUrl() + "/1",
                "   ClickUp API   " + clickupUrl() + "/api/v2",
                "   (credentials: README, \"The sandbox\"; leadsync never logs credentials)",
                "   " + (continued ? "Continuing the sandbox saved in " : "A new sandbox, saved in ") + dataDir
                        + " (leadsync.sandbox.reset=true starts afresh)",
                "   " + (activity != null ? "Simulated people are editing both sides: watch the log."
                        : "Set leadsync.sandbox.activity=true to watch simulated edits flow."),
                " Set AIRTABLE_TOKEN (and TRELLO_KEY/TRELLO_TOKEN or CLICKUP_TOKEN) to sync real accounts.",
                "==================================================================================");
    }

    @Override
    public void start() {
        // started in start(...): the URLs are needed before Camel starts its services
    }

    @Override
    public void stop() {
        if (activity != null) {
            activity.stop();
        }
        airtable.close();
        trello.close();
        clickup.close();
    }
}
