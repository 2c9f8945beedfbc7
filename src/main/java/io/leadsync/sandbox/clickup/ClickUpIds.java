package io.leadsync.sandbox.clickup;

import java.util.UUID;

import io.leadsync.sandbox.SeededIds;

/** Every id the emulator hands out, in the real formats, drawn from one seeded Random so runs repeat. */
final class ClickUpIds {

    private static final String LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";

    private final SeededIds random;

    ClickUpIds(long seed) {
        this.random = new SeededIds(seed);
    }

    /** Where the random stream stands (saved with the emulator's data, so a reload hands out no id twice). */
    long state() {
        return random.state();
    }

    void restore(long state) {
        random.restore(state);
    }

    /** Task ids are short lowercase alphanumerics ("86b1x2yz9" today, "9hx" in old examples). */
    String taskId() {
        return "86" + random.chars(LOWER_ALNUM, 7);
    }

    /** Workspace, space, folder and list ids are numeric strings. */
    String numericId() {
        return "901" + (100_000_000 + random.nextInt(900_000_000));
    }

    int userId() {
        return 10_000_000 + random.nextInt(89_999_999);
    }

    /** Status ids look like "sc901234567_AbCdEfGh" (the list's id plus a random suffix). */
    String statusId(String listId) {
        return "sc" + listId + "_" + random.chars(SeededIds.ALPHANUMERIC, 8);
    }

    /** Custom field ids are version-4 UUIDs. */
    String uuid() {
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** Webhook secrets are 64 upper-case alphanumerics, OAuth client ids 32 (the spec's examples). */
    String upperAlphanumerics(int length) {
        return random.chars(UPPER_ALNUM, length);
    }

    /** History item ids are long numeric strings ("2800763136717140857" in the webhook docs). */
    String historyItemId() {
        return "28" + random.chars(DIGITS, 17);
    }
}
