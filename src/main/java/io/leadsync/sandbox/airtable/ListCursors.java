package io.leadsync.sandbox.airtable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * List-records iterators: the matching record ids are frozen at the first page (values stay live) and each
 * page hands out an {@code itr…/rec…} offset that expires after the TTL.
 */
final class ListCursors {

    private record Cursor(List<String> ids, int position, long expiresAt) {
    }

    /** What a page request continues from. */
    record Position(List<String> ids, int index) {
    }

    private static final Pattern SHAPE = Pattern.compile("itr[A-Za-z0-9]{14}/rec[A-Za-z0-9]{14}");

    private final Map<String, Cursor> cursors = new HashMap<>();
    private final AirtableIds ids;
    private final long ttlMillis;

    ListCursors(AirtableIds ids, long ttlMillis) {
        this.ids = ids;
        this.ttlMillis = ttlMillis;
    }

    /** An offset for continuing at {@code position} of the frozen list. */
    String issue(List<String> frozen, int position, long now) {
        String offset = ids.next("itr") + "/" + frozen.get(position);
        cursors.put(offset, new Cursor(frozen, position, now + ttlMillis));
        return offset;
    }

    Position resume(String offset, long now) {
        cursors.values().removeIf(c -> c.expiresAt() <= now);
        Cursor cursor = cursors.get(offset);
        if (cursor != null) {
            return new Position(cursor.ids(), cursor.position());
        }
        if (SHAPE.matcher(offset).matches()) {
            throw AirtableException.unprocessable("LIST_RECORDS_ITERATOR_NOT_AVAILABLE",
                    "The list records iterator is not available. It may have expired; restart listing from the first page.");
        }
        throw AirtableException.unprocessable("INVALID_OFFSET_VALUE", "The value of offset " + offset + " is invalid");
    }
}
