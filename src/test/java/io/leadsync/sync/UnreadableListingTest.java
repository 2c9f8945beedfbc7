package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.support.LogCapture;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;

/** A listing that comes back cut is logged by request and reason, never with the lead data it carried. */
class UnreadableListingTest extends SyncScenario {

    UnreadableListingTest() {
        super(43);
    }

    @Test
    void aCutCardListingIsLoggedWithIdsAndTheReasonButNoNamesOrEmails() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            app = sync().with("leadsync.reconcile-interval", "300").start(); // full reads: the board's cards listed
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
            sandboxes.trello.faults().inject(Fault.MALFORMED_JSON, 2, "GET /1/boards/{id}/cards");
            await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.trello.faults().injected()
                    .getOrDefault(Fault.MALFORMED_JSON, 0) == 2);
            app.awaitCycles("trello", 2);
            app.stop();
            assertThat(sandboxes.trello.faults().injected()).containsEntry(Fault.MALFORMED_JSON, 2);
            var unreadable = log.text().lines().filter(l -> l.contains("not JSON")).toList();
            assertThat(unreadable).isNotEmpty().allSatisfy(l -> assertThat(l).contains("JSON cut or damaged at line"));
            assertThat(unreadable).anySatisfy(l -> assertThat(l).contains("Trello GET /1/boards/"));
            for (RecordSnapshot lead : sandboxes.leads()) {
                String name = String.valueOf(lead.fields().get("Name"));
                String email = String.valueOf(lead.fields().get("Email"));
                assertThat(unreadable).noneMatch(l -> l.contains(name) || l.contains(email));
            }
        }
    }
}
