package io.leadsync.webhooks;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;

/**
 * Decides on one webhook request before anything touches state (routes/webhooks.camel.yaml calls it first):
 * the method, the service, the content type, the signature over the raw body with the pair's key, then the
 * JSON and the delivery's age. The body limit (1 MiB) is the HTTP server's: a larger body is refused there,
 * unread past the limit (WebhookServer).
 */
public final class WebhookReceiver {

    public static final Set<String> SERVICES = Set.of("trello", "airtable", "clickup");
    /** Deliveries are small JSON documents (Airtable's ping is under 200 bytes). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** A delivery dated this far in the future is not a clock difference. */
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    private static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final WebhookSecrets secrets;
    private final String publicUrl;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param publicUrl the address the services call, without a trailing slash: Trello signs the callback URL
     * @param maxAge    older deliveries are refused as stale (they must outlast the services' own retries)
     */
    public WebhookReceiver(WebhookSecrets secrets, String publicUrl, Duration maxAge, Clock clock) {
        this.secrets = secrets;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The pair named in the path, as it may be logged and looked up: a name that no pair can have (a pair's name
     * is a Camel route parameter and a file name: letters, digits, '-' and '_') becomes "(invalid)", which has no
     * secret, so a path cannot put line breaks or escape codes into the log.
     */
    public String pairName(String fromPath) {
        return fromPath != null && PAIR_NAME.matcher(fromPath).matches() ? fromPath : "(invalid)";
    }

    /** The service named in the path, as it may be logged: "(unknown)" unless it is one of {@link #SERVICES}. */
    public String serviceName(String fromPath) {
        return fromPath != null && SERVICES.contains(fromPath) ? fromPath : "(unknown)";
    }

    /** The URL a pair's webhook with {@code service} is registered with (Trello signs it with each delivery). */
    public String callbackUrl(String pair, String service) {
        return publicUrl + "/webhooks/" + pair + "/" + service;
    }

    /**
     * The verdict on a request to /webhooks/{@code pair}/{@code service} (both as {@link #pairName} and
     * {@link #serviceName} made them); {@code headers} are looked up case-insensitively (Camel's message headers).
     */
    public Verdict check(@Header(Exchange.HTTP_METHOD) String method, @ExchangeProperty("pair") String pair,
                         @ExchangeProperty("service") String service, @Header(Exchange.CONTENT_TYPE) String contentType,
                         @Headers Map<String, Object> headers, @Body byte[] body) {
        if (!SERVICES.contains(service)) {
            return Verdict.refuse(401, "unknown service");
        }
        Optional<byte[]> key = secrets.secret(pair, service).filter(k -> k.length > 0);
        if ("HEAD".equals(method) && "trello".equals(service)) {
            // Trello's check of the callback URL when its webhook is created
            return key.isPresent() ? Verdict.accept(null) : Verdict.refuse(401, "no secret known for this pair");
        }
        if (!"POST".equals(method)) {
            return Verdict.refuse(405, "method " + method + " not allowed");
        }
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return Verdict.refuse(400, "content type is not application/json");
        }
        Object signature = headers.get(Signatures.header(service));
        if (signature == null || signature.toString().isEmpty()) {
            return Verdict.refuse(401, "unsigned (no " + Signatures.header(service) + ")");
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (key.isEmpty() || !Signatures.valid(service, key.get(), raw, callbackUrl(pair, service),
                signature.toString())) {
            // the webhook being created may deliver before its secret came back: asked to come again, not
            // refused for good (ClickUp suspends a webhook at once on a 401)
            return secrets.registering(pair, service)
                    ? Verdict.refuse(503, "webhook being registered; deliver again")
                    : Verdict.refuse(401, key.isEmpty() ? "no secret known for this pair" : "wrong signature");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(raw);
        } catch (IOException e) {
            return Verdict.refuse(400, "malformed JSON");
        }
        if (payload == null || !payload.isObject()) {
            return Verdict.refuse(400, "malformed JSON (not an object)");
        }
        return staleness(service, payload).map(reason -> Verdict.refuse(400, reason))
                .orElseGet(() -> Verdict.accept(payload));
    }

    /**
     * A signed delivery replayed later is refused by its own date, where the payload has one: Airtable's ping
     * {@code timestamp}, Trello's {@code action.date}, ClickUp's first {@code history_items[].date} (ms). Each is
     * the time of the change (or ping) and is covered by the signature; the window must outlast the services'
     * retries (Airtable's last one comes about a day later), so a genuine late retry is not refused.
     */
    private Optional<String> staleness(String service, JsonNode payload) {
        JsonNode date = switch (service) {
            case "airtable" -> payload.path("timestamp");
            case "trello" -> payload.path("action").path("date");
            default -> payload.path("history_items").path(0).path("date");
        };
        if (!date.isValueNode() || date.asText().isEmpty()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = "clickup".equals(service) ? Instant.ofEpochMilli(Long.parseLong(date.asText()))
                    : Instant.parse(date.asText());
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.of("unreadable delivery date");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(maxAge))) {
            return Optional.of("stale delivery (dated " + at + ")");
        }
        if (at.isAfter(now.plus(FUTURE_SKEW))) {
            return Optional.of("delivery dated in the future (" + at + ")");
        }
        return Optional.empty();
    }
}
