package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Within one plan, the links decided so far read exactly as if they had been stored. */
class ShadowOverlayTest {

    static Link link(String recordId, String itemId, String bucket) {
        return new Link(recordId, itemId, "NEW", bucket, "Name", "Text", false, 1_000, 1_000);
    }

    final MemoryShadows stored = new MemoryShadows().with(link("recA", "cardA", "TODO"))
            .with(link("recB", "cardB", "TODO")).with(link("recC", "cardC", "TODO"));
    final ShadowOverlay overlay = new ShadowOverlay(stored);

    @BeforeEach
    void intentsAndSeenEntries() {
        for (Link link : stored.all()) {
            stored.intents.put(link.recordId(), new LinkStore.Intent(link.withItemState("DONE", link.name(),
                    link.description(), 2_000), true));
            stored.seen.put(link.recordId(), new LinkStore.Seen(link.recordId(), "NEW", "TODO"));
        }
        stored.cursors.put("mapping", "stored-mapping");
    }

    @Test
    void aLinkPutIsReadBackByRecordAndByItemAndSettlesItsIntentAndSeenEntry() {
        Link moved = link("recA", "cardA", "DONE");
        overlay.put(moved);

        assertThat(overlay.byRecord("recA")).isEqualTo(moved);
        assertThat(overlay.byItem("cardA")).isEqualTo(moved);
        assertThat(overlay.intent("recA")).isNull();
        assertThat(overlay.seen("recA")).isNull();
        assertThat(overlay.intent("recB")).as("untouched records read through").isNotNull();
        assertThat(overlay.cursor("mapping")).isEqualTo("stored-mapping");
        assertThat(stored.byRecord("recA").bucket()).as("nothing is written to the store").isEqualTo("TODO");
    }

    @Test
    void aLinkToAnotherItemFreesTheOldItemAndARemovedLinkIsGone() {
        overlay.put(link("recA", "cardZ", "TODO"));
        overlay.remove("recB");

        assertThat(overlay.byItem("cardA")).isNull();
        assertThat(overlay.byItem("cardZ").recordId()).isEqualTo("recA");
        assertThat(overlay.byRecord("recB")).isNull();
        assertThat(overlay.byItem("cardB")).isNull();
        assertThat(overlay.intent("recB")).isNull();
    }

    @Test
    void allKeepsTheStoredOrderReplacesInPlaceAndAppendsNewAndReAddedLinks() {
        overlay.put(link("recNew", "cardNew", "TODO"));
        overlay.put(link("recB", "cardB", "DONE"));
        overlay.remove("recA");
        overlay.put(link("recA", "cardA", "DOING"));

        assertThat(overlay.all()).extracting(Link::recordId).containsExactly("recB", "recC", "recNew", "recA");
        assertThat(overlay.all()).extracting(Link::bucket).containsExactly("DONE", "TODO", "TODO", "DOING");
    }
}
