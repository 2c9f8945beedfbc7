package io.leadsync.sync;

import io.leadsync.state.AuditLog;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.leadsync.change.CreateItem;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link a create leaves: its shadow of the mapped fields is what the new item shows, where the item says. */
class CreatedItemLinkTest {

    @TempDir
    Path dataDir;

    @Test
    void aFieldTheNewItemDoesNotShowIsShadowedAsEmptySoTheNextCycleWritesItAgain() {
        try (LinkStore links = new LinkStore(dataDir.toString(), "trello")) {
            ItemWrites writes = new ItemWrites("trello", null, links, new SeenAtWrite(), id -> { }, new LateWrites(60_000),
                    new AuditLog(dataDir.toString(), Clock.systemUTC()), Clock.systemUTC());
            Map<String, String> drafted = Map.of("custom:Budget", "1250", "due", "2026-12-01");
            Link next = new Link("recA", null, "NEW", "TODO", "Acme", "about Acme", false, 5, 0, drafted);
            CreateItem create = new CreateItem("recA", new ItemDraft("recA", "Acme", "about Acme", "TODO", drafted),
                    next, 5, "key", "create");
            // the card came with its due date, but the custom field's own request after the create failed
            TrackerItem card = new TrackerItem("card1", "Acme", "about Acme", "TODO", false, false, 9, "recA", 9,
                    Map.of("due", "2026-12-01", "custom:Budget", ""));

            writes.link(create, card);

            assertThat(links.byRecord("recA").fields())
                    .containsEntry("due", "2026-12-01")
                    .as("not the draft's 1250: a shadow equal to the lead would take the empty field for a person's edit")
                    .containsEntry("custom:Budget", "");
        }
    }
}
