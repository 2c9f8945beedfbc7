package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What each service signs, byte for byte (api-contracts 1.10, 2.7, 3.6). */
class SignaturesTest {

    @Test
    void trelloSignsTheBodyAndTheCallbackUrlAsABinaryStringOfLowBytes() {
        byte[] body = "{\"name\":\"a–é\"}".getBytes(StandardCharsets.UTF_8); // en dash U+2013, é U+00E9

        byte[] signed = Signatures.trelloMessage(body, "https://x/cb");

        assertThat(signed).isEqualTo(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', 0x13, (byte) 0xE9,
                '"', '}', 'h', 't', 't', 'p', 's', ':', '/', '/', 'x', '/', 'c', 'b'});
    }

    @Test
    void anAsciiTrelloBodySignsAsItsBytes() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);

        assertThat(Signatures.trelloMessage(body, "/u")).isEqualTo("{\"a\":1}/u".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void eachServiceHasItsHeader() {
        assertThat(Signatures.header("trello")).isEqualTo("X-Trello-Webhook");
        assertThat(Signatures.header("airtable")).isEqualTo("X-Airtable-Content-MAC");
        assertThat(Signatures.header("clickup")).isEqualTo("X-Signature");
        assertThat(Signatures.header("github")).isNull();
    }

    @Test
    void airtableAndClickUpSignTheRawBodyWithHmacSha256InLowerCaseHex() {
        byte[] key = {1, 2, 3};
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        // computed independently: printf '{}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:010203
        String hex = "9abc4a0936f1770f9a9ced2f4b6c911d97c5e85f3d09725c742579b95606cf91";

        assertThat(Signatures.valid("airtable", key, body, null, "hmac-sha256=" + hex)).isTrue();
        assertThat(Signatures.valid("clickup", key, body, null, hex)).isTrue();
        assertThat(Signatures.valid("clickup", key, body, null, hex.toUpperCase())).isFalse();
    }
}
