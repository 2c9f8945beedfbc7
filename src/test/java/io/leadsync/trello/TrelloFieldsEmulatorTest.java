package io.leadsync.trello;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.leadsync.change.CreateItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.trello.TrelloEmulator;
import io.leadsync.state.Link;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mapped fields against the Trello emulator over HTTP: a card created and then updated with a due date, labels,
 * a member and custom fields (a number, a list) lands as Trello keeps them, and reads back in the very text forms
 * that were written, which is what lets the sync compare a card with its lead.
 */
class TrelloFieldsEmulatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private TrelloEmulator trello;
    private CamelContext context;
    private TrelloTracker board;
    private String boardId;

    @BeforeEach
    void start() throws Exception {
        trello = new TrelloEmulator(clock, 42);
        trello.start(0);
        boardId = trello.control().defaultBoardId();
        trello.control().createCustomField(boardId, "Budget", "number");
        trello.control().createListCustomField(boardId, "Tier", List.of("Gold", "Silver"));
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.trello.url", trello.baseUrl());
        p.put("leadsync.trello.key", SandboxCredentials.TRELLO_KEY);
        p.put("leadsync.trello.token", SandboxCredentials.TRELLO_TOKEN);
        p.put("leadsync.trello.token-requests-per-window", "10000");
        p.put("leadsync.trello.key-requests-per-window", "10000");
        p.put("leadsync.trello.window", "10000");
        p.put("leadsync.trello.rate-limit-penalty", "10000");
        context = ScriptedApi.start("trello", p, null, c -> {
            board = new TrelloTracker(new ApiCall(c, "trello"), "Work Tracker");
            c.getRegistry().bind("trelloTracker", board);
            c.getRegistry().bind("trelloRequests", new TrelloRequests(board));
        }, "trello-reads", "tracker-writes", "trello-writes");
        PairMapping mapping = new PairMapping();
        mapping.getLeadToTracker().put("NEW", "TODO");
        mapping.getTrackerToLead().put("TODO", "NEW");
        mapping.getFields().putAll(Map.of("due", "Due", "labels", "Source", "assignees", "Owner",
                "custom:Budget", "Budget", "custom:Tier", "Tier"));
        board.connect(mapping);
    }

    @AfterEach
    void stop() {
        context.stop();
        trello.close();
    }

    private TrackerItem send(String route, Object change) {
        Exchange done = context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "trello"); // the pushing pair: its beans are <pair>Requests, <pair>Tracker
            e.getIn().setBody(change);
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(TrackerItem.class);
    }

    private Map<String, String> fieldsAsRead(String cardId) {
        Exchange done = context.createProducerTemplate().send("direct:trello-read-all", e -> e.setProperty("pair", "trello"));
        TrackerRead read = done.getMessage().getBody(TrackerRead.class);
        return read.items().stream().filter(i -> i.id().equals(cardId)).findFirst().orElseThrow().fields();
    }

    @Test
    void aCardCreatedAndUpdatedWithItsFieldsReadsBackAsWritten() {
        Map<String, String> created = Map.of("due", "2026-12-01", "labels", "Hot, Website", "assignees", "alice",
                "custom:Budget", "12.5", "custom:Tier", "Gold");
        TrackerItem card = send("direct:trello-create-item", new CreateItem("rec1", new ItemDraft("rec1", "Ada",
                "[leadsync:rec1]", "TODO", created), new Link("rec1", null, "NEW", "TODO", "Ada", "", false, 1_000, 0),
                1_000, "trello|create|rec1", "create card of lead rec1"));

        assertThat(card.fields()).containsAllEntriesOf(created);
        assertThat(fieldsAsRead(card.id())).isEqualTo(created);

        Map<String, String> changed = Map.of("due", "2026-12-02T09:30:00.000Z", "labels", "Referral",
                "assignees", "", "custom:Budget", "", "custom:Tier", "Silver");
        TrackerItem updated = send("direct:trello-update-content", new UpdateContent("rec1", card.id(),
                new ItemChange(null, null, null, null, "TODO", true, changed), new Link("rec1", card.id(), "NEW",
                "TODO", "Ada", "", false, 1_000, 0), 1_000, "trello|update|rec1", "update card of lead rec1"));

        assertThat(updated.fields()).containsAllEntriesOf(changed);
        assertThat(fieldsAsRead(card.id())).isEqualTo(changed);
    }

    @Test
    void aPersonsLabelMemberAndCustomFieldEditsMakeTheCardCountAsChangedAndReadWithItsFields() {
        TrackerItem card = send("direct:trello-create-item", new CreateItem("rec1", new ItemDraft("rec1", "Ada",
                "[leadsync:rec1]", "TODO", Map.of("labels", "Hot")), new Link("rec1", null, "NEW", "TODO", "Ada", "",
                false, 1_000, 0), 1_000, "trello|create|rec1", "create card of lead rec1"));
        TrackerRead all = context.createProducerTemplate().send("direct:trello-read-all", e -> e.setProperty("pair", "trello")).getMessage()
                .getBody(TrackerRead.class);
        trello.control().addLabel(card.id(), "Referral");
        trello.control().addMember(card.id(), "bob");
        trello.control().setCustomField(card.id(), "Budget", "7");
        trello.control().setCustomField(card.id(), "Tier", "Silver");

        TrackerRead changes = context.createProducerTemplate().send("direct:trello-read-changes", e -> {
            e.setProperty("pair", "trello");
            e.setProperty(WorkTracker.CURSOR, all.cursor());
            e.setProperty(WorkTracker.LAST_SYNCED, (java.util.function.Function<String, TrackerItem>) id ->
                    id.equals(card.id()) ? card : null);
        }).getMessage().getBody(TrackerRead.class);

        assertThat(changes.items()).singleElement().satisfies(read -> assertThat(read.fields()).isEqualTo(Map.of(
                "due", "", "labels", "Hot, Referral", "assignees", "bob", "custom:Budget", "7",
                "custom:Tier", "Silver")));
    }
}
