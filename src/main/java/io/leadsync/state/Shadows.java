package io.leadsync.state;

import java.util.List;

/** A read-only view of a pair's links (the shadows): what change detection reads, never writes. */
public interface Shadows {

    Link byRecord(String recordId);

    Link byItem(String itemId);

    /** Every link, in the order they were first stored. */
    List<Link> all();

    /** The intent of a write to this record whose outcome is not known, or null. */
    LinkStore.Intent intent(String recordId);

    /** What the last planning cycle read of this record while its writes have not landed, or null. */
    LinkStore.Seen seen(String recordId);

    String cursor(String name);

    /** The item writes to this record whose outcome was never learned and that may still land, oldest first. */
    default List<LinkStore.Late> lates(String recordId) {
        return List.of();
    }
}
