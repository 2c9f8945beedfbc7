package io.leadsync.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short, collision-resistant digests of change payloads for idempotency keys. */
final class ChangeKeys {

    private ChangeKeys() {
    }

    /**
     * The idempotency key of a change: the same change decided from the same source modification time gets the
     * same key (and is applied once); a later edit gets a new one.
     */
    static String key(String pair, String what, String id, String value, long sourceModified) {
        return pair + "|" + what + "|" + id + "|" + digest(value) + "|" + sourceModified;
    }

    static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
