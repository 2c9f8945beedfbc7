package io.leadsync.sandbox;

import java.time.Clock;

import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.trello.TrelloEmulator;
import org.apache.camel.Service;

/**
 * The three emulators on loopback, seeded: a "Leadsync Sandbox" base with a "Leads" table, a "Work Tracker"
 * Trello board (TODO, DONE) and a "Leads Work" ClickUp list. Started when no real credentials are configured;
 * a Camel service so it stops with the application.
 */
public final class Sandbox implements Service {

    private final AirtableEmulator airtable;
    private final TrelloEmulator trello;
    private final ClickUpEmulator clickup;
    private final long seed;
    private ActivitySimulator activity;

    private Sandbox(AirtableEmulator airtable, TrelloEmulator trello, ClickUpEmulator clickup, long seed) {
        this.airtable = airtable;
        this.trello = trello;
        this.clickup = clickup;
        this.seed = seed;
    }

    /** Starts and seeds the emulators; a port of 0 picks a free one. */
    public static Sandbox start(int airtablePort, int trelloPort, int clickupPort, long seed) {
        Clock clock = Clock.systemUTC();
        AirtableEmulator airtable = new AirtableEmulator(clock, seed);
        airtable.seedLeads();
        airtable.start(airtablePort);
        TrelloEmulator trello = new TrelloEmulator(clock, seed);
        ClickUpEmulator clickup = new ClickUpEmulator(clock, seed);
        try {
            trello.start(trelloPort);
            clickup.start(clickupPort);
        } catch (RuntimeException e) {
            airtable.close();
            trello.close();
            throw e;
        }
        return new Sandbox(airtable, trello, clickup, seed);
    }

    /** Simulated people edit both sides every {@code intervalMillis}, in an order fixed by the seed. */
    public void startActivity(long intervalMillis) {
        activity = new ActivitySimulator(airtable, trello, clickup, intervalMillis, seed);
        activity.start();
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
