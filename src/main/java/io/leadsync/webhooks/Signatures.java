package io.leadsync.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three services' delivery signatures (docs in README "Webhooks"), each checked over the body's bytes as they
 * were received and compared in constant time.
 */
final class Signatures {

    private Signatures() {
    }

    /** The header that carries {@code service}'s signature (null: no such service). */
    static String header(String service) {
        return switch (service) {
            case "trello" -> "X-Trello-Webhook";
            case "airtable" -> "X-Airtable-Content-MAC";
            case "clickup" -> "X-Signature";
            default -> null;
        };
    }

    /** Whether {@code signature} is {@code service}'s signature of {@code body} with {@code key}. */
    static boolean valid(String service, byte[] key, byte[] body, String callbackUrl, String signature) {
        String expected = switch (service) {
            case "trello" -> Base64.getEncoder().encodeToString(hmac("HmacSHA1", key, trelloMessage(body, callbackUrl)));
            case "airtable" -> "hmac-sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", key, body));
            case "clickup" -> HexFormat.of().formatHex(hmac("HmacSHA256", key, body));
            default -> throw new IllegalArgumentException("no webhooks from " + service);
        };
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What Trello signs: the body (UTF-8 on the wire) followed by the callback URL as registered, as a "binary
     * string": each UTF-16 code unit contributes its low 8 bits only (api-contracts 2.7: an en dash U+2013 signs
     * as the byte 0x13). ASCII bodies sign as their bytes.
     */
    static byte[] trelloMessage(byte[] body, String callbackUrl) {
        String signed = new String(body, StandardCharsets.UTF_8) + callbackUrl;
        byte[] message = new byte[signed.length()];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) signed.charAt(i);
        }
        return message;
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
