package io.leadsync.sandbox.trello;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

import io.leadsync.sandbox.SeededIds;

/**
 * Trello ids are Mongo ObjectIds: 8 hex digits of creation time in seconds, then 16 more. Here the rest
 * comes from a seeded Random, so emulators with the same seed and the same clock readings hand out the same
 * ids. Short links are 8 alphanumerics from the same Random.
 */
final class TrelloIds {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{24}");
    private static final Pattern SHORT_LINK = Pattern.compile("[0-9A-Za-z]{8}");

    private final SeededIds random;
    private final Clock clock;

    TrelloIds(long seed, Clock clock) {
        this.random = new SeededIds(seed);
        this.clock = clock;
    }

    /** Where the random stream stands (saved with the emulator's data, so a reload hands out no id twice). */
    long state() {
        return random.state();
    }

    void restore(long state) {
        random.restore(state);
    }

    String next() {
        return String.format("%08x%016x", clock.instant().getEpochSecond(), random.nextLong());
    }

    String shortLink() {
        return random.chars(SeededIds.ALPHANUMERIC, 8);
    }

    /** A 64-hex value, e.g. a custom field's fieldGroup. */
    String hex64() {
        return String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(),
                random.nextLong());
    }

    static boolean isObjectId(String s) {
        return s != null && OBJECT_ID.matcher(s).matches();
    }

    /** What Trello accepts where a board or card id goes: an ObjectId or a short link. */
    static boolean isIdOrShortLink(String s) {
        return isObjectId(s) || s != null && SHORT_LINK.matcher(s).matches();
    }

    static Instant timeOf(String objectId) {
        return Instant.ofEpochSecond(Long.parseLong(objectId.substring(0, 8), 16));
    }
}
