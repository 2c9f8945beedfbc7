package io.leadsync.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.sandbox.trello.TrelloEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated people for the sandbox: a sales rep edits leads in Airtable, a delivery lead moves cards in
 * Trello and tasks in ClickUp, one seeded edit per tick, so a person watching the log sees changes flow.
 */
final class ActivitySimulator {

    private static final Logger LOG = LoggerFactory.getLogger("sandbox-activity");
    private static final List<String> STATUSES = LeadsSeed.STATUSES;

    private final AirtableEmulator airtable;
    private final TrelloEmulator trello;
    private final ClickUpEmulator clickup;
    private final long intervalMillis;
    private final Random random;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sandbox-activity"));
    private int newLeads;

    ActivitySimulator(AirtableEmulator airtable, TrelloEmulator trello, ClickUpEmulator clickup, long intervalMillis,
                      long seed) {
        this.airtable = airtable;
        this.trello = trello;
        this.clickup = clickup;
        this.intervalMillis = intervalMillis;
        this.random = new Random(seed);
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, intervalMillis * 2, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            switch (random.nextInt(5)) {
                case 0, 1 -> changeLeadStatus();
                case 2 -> addLead();
                case 3 -> moveCard();
                default -> moveTask();
            }
        } catch (RuntimeException e) {
            LOG.debug("simulated edit skipped: {}", e.getMessage());
        }
    }

    private void changeLeadStatus() {
        List<RecordSnapshot> leads = airtable.records(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME);
        RecordSnapshot lead = leads.get(random.nextInt(leads.size()));
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        airtable.setField(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME, lead.id(), "Status", status);
        LOG.info("Sam (sales) set lead '{}' to {} in Airtable", lead.field("Name"), status);
    }

    private void addLead() {
        String name = "Walk-in lead " + (++newLeads);
        airtable.createRecord(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME, Map.of("Name", name,
                "Email", "walkin" + newLeads + "@example.com", "Source", "Website", "Status", "NEW"));
        LOG.info("Sam (sales) added lead '{}' in Airtable", name);
    }

    private void moveCard() {
        String board = trello.control().defaultBoardId();
        List<CardSnapshot> cards = trello.control().cards(board).stream().filter(c -> !c.closed()).toList();
        if (cards.isEmpty()) {
            return;
        }
        CardSnapshot card = cards.get(random.nextInt(cards.size()));
        String list = "TODO".equals(card.listName()) ? "DONE" : "TODO";
        trello.control().moveCard(card.id(), list);
        LOG.info("Dana (delivery) moved Trello card '{}' to {}", card.name(), list);
    }

    private void moveTask() {
        List<ClickUpTask> tasks = clickup.tasks().stream().filter(t -> !t.archived()).toList();
        if (tasks.isEmpty()) {
            return;
        }
        ClickUpTask task = tasks.get(random.nextInt(tasks.size()));
        String status = "complete".equals(task.status()) ? "in progress" : "complete";
        clickup.setStatus(task.id(), status);
        LOG.info("Dana (delivery) set ClickUp task '{}' to {}", task.name(), status);
    }
}
