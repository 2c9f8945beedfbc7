package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;

import org.junit.jupiter.api.Test;

/** The original tool's manual checks, automated: Airtable <-> Trello over real HTTP against the emulators. */
class AirtableTrelloSyncTest extends SyncScenario {

    AirtableTrelloSyncTest() {
        super(11);
    }

    private LeadsyncRun startSync() throws Exception {
        app = new LeadsyncRun(sandboxes, dataDir).start();
        return app;
    }

    private void awaitCards(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == count);
    }

    @Test
    void initialSyncCreatesOneCardPerLeadInTheMappedListAndSkipsLost() throws Exception {
        startSync();
        awaitCards(8);
        Map<String, List<CardSnapshot>> cards = sandboxes.openCardsByLead();
        sandboxes.leads().forEach(lead -> {
            String status = (String) lead.field("Status");
            if ("LOST".equals(status)) {
                assertThat(cards).as("LOST lead %s", lead.field("Name")).doesNotContainKey(lead.id());
            } else {
                assertThat(cards.get(lead.id())).as("cards of %s", lead.field("Name")).hasSize(1);
                assertThat(cards.get(lead.id()).get(0).listName())
                        .isEqualTo("QUALIFIED".equals(status) ? "DONE" : "TODO");
                assertThat(cards.get(lead.id()).get(0).name()).isEqualTo(lead.field("Name"));
            }
        });
        await().untilAsserted(() -> sandboxes.leads().stream().filter(l -> cards.containsKey(l.id()))
                .forEach(l -> assertThat(l.field("Trello Card")).isEqualTo(cards.get(l.id()).get(0).id())));
    }

    @Test
    void cardDescriptionCarriesEmailSourceDescriptionAndMarkerWithSensibleDefaults() throws Exception {
        String bare = sandboxes.addLead("", "NEW");
        String ada = sandboxes.leadId("Ada Lovelace");
        startSync();
        awaitCards(9);
        CardSnapshot full = sandboxes.cardOf(ada);
        assertThat(full.desc()).contains("Email: ada@example.com", "Source: Website",
                "Wants a demo of the analytics module.", "[leadsync:" + ada + "]");
        CardSnapshot empty = sandboxes.cardOf(bare);
        assertThat(empty.name()).isEqualTo("(unnamed lead " + bare + ")");
        assertThat(empty.desc()).contains("Email: (none)", "Source: (none)", "[leadsync:" + bare + "]");
    }

    @Test
    void reRunCreatesNoDuplicatesAndWritesNothingWhenNothingChanged() throws Exception {
        startSync();
        awaitCards(8);
        app.awaitCycles("trello", 3);
        app.restart();
        sandboxes.trello.resetCalls();
        sandboxes.airtable.resetCalls();
        app.awaitCycles("trello", 5);
        assertThat(sandboxes.openCardsByLead()).hasSize(8).allSatisfy((lead, cards) -> assertThat(cards).hasSize(1));
        assertThat(sandboxes.trello.calls("POST")).isZero();
        assertThat(sandboxes.trello.calls("PUT")).isZero();
        assertThat(sandboxes.airtable.calls("PATCH")).isZero();
    }

    @Test
    void aNewLeadGetsACard() throws Exception {
        startSync();
        awaitCards(8);
        String id = sandboxes.addLead("Hedy Lamarr", "CONTACTED");
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(id).listName()).isEqualTo("TODO"));
        assertThat(sandboxes.cardOf(id).name()).isEqualTo("Hedy Lamarr");
    }

    @Test
    void aStatusChangeInAirtableMovesTheCardAndANameChangeRenamesIt() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        startSync();
        awaitCards(8);
        sandboxes.setLead(ada, "Status", "QUALIFIED");
        sandboxes.setLead(ada, "Name", "Ada King");
        await().untilAsserted(() -> {
            CardSnapshot card = sandboxes.cardOf(ada);
            assertThat(card.listName()).isEqualTo("DONE");
            assertThat(card.name()).isEqualTo("Ada King");
        });
        sandboxes.setLead(ada, "Status", "LOST");
        await().until(() -> !sandboxes.openCardsByLead().containsKey(ada));
        sandboxes.setLead(ada, "Status", "NEW");
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("TODO"));
        assertThat(sandboxes.trello.control().cards(sandboxes.boardId()))
                .filteredOn(c -> c.desc().contains(ada)).as("the archived card came back, no second card").hasSize(1);
    }

    @Test
    void aCardMovedToDoneQualifiesTheLead() throws Exception {
        String alan = sandboxes.leadId("Alan Turing");
        startSync();
        awaitCards(8);
        sandboxes.trello.control().moveCard(sandboxes.cardOf(alan).id(), "DONE");
        await().until(() -> "QUALIFIED".equals(sandboxes.status(alan)));
    }

    @Test
    void aCardMovedIntoAListItsLeadAlreadyMapsToWritesNothing() throws Exception {
        String grace = sandboxes.leadId("Grace Hopper"); // NEW -> TODO
        String donald = sandboxes.leadId("Donald Knuth"); // QUALIFIED -> DONE
        startSync();
        awaitCards(8);
        app.awaitCycles("trello", 2);
        CardSnapshot graceCard = sandboxes.cardOf(grace);
        sandboxes.trello.control().moveCard(graceCard.id(), "DONE");
        sandboxes.trello.control().moveCard(graceCard.id(), "TODO");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(donald).id(), "TODO");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(donald).id(), "DONE");
        sandboxes.airtable.resetCalls();
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.status(grace)).isEqualTo("NEW");
        assertThat(sandboxes.status(donald)).isEqualTo("QUALIFIED");
        assertThat(sandboxes.airtable.calls("PATCH")).as("Airtable writes").isZero();
    }

    @Test
    void aCardInDoneStaysThereUntilAirtableReallyChanges() throws Exception {
        String katherine = sandboxes.leadId("Katherine Johnson"); // CONTACTED
        startSync();
        awaitCards(8);
        sandboxes.trello.control().moveCard(sandboxes.cardOf(katherine).id(), "DONE");
        await().until(() -> "QUALIFIED".equals(sandboxes.status(katherine)));
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.cardOf(katherine).listName()).isEqualTo("DONE");
        sandboxes.setLead(katherine, "Status", "IN_PROGRESS");
        await().untilAsserted(() -> assertThat(sandboxes.cardOf(katherine).listName()).isEqualTo("TODO"));
        assertThat(sandboxes.status(katherine)).as("not rewritten to CONTACTED").isEqualTo("IN_PROGRESS");
    }

    @Test
    void moreThanAHundredLeadsArePagedThrough() throws Exception {
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 230);
        long expected = sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status"))
                && l.field("Status") != null).count();
        startSync();
        await().atMost(Duration.ofSeconds(90)).until(() -> sandboxes.openCardsByLead().size() == expected);
        assertThat(sandboxes.openCardsByLead()).allSatisfy((lead, cards) -> assertThat(cards).hasSize(1));
        assertThat(sandboxes.airtable.calls("GET /v0/{baseId}/{table}")).isGreaterThanOrEqualTo(3);
    }
}
