package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.leadsync.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import io.leadsync.cluster.Leadership;
import io.leadsync.support.SwitchableClusterService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * routes/webhooks.camel.yaml on leadsync's HTTP server, over real HTTP: the forged-delivery corpus (each refused
 * with its status, nothing woken, one WARN line naming the reason, the pair and the source, and never the secret,
 * the signature or the body) and the genuine deliveries of each service, each waking its pair exactly once.
 * The signatures are made here as each service documents them (api-contracts 1.10, 2.7, 3.6).
 */
class WebhookRouteTest {

    private static final String TRELLO_SECRET = "trello-app-secret-0123456789abcdef";
    private static final String AIRTABLE_MAC_BASE64 = Base64.getEncoder()
            .encodeToString("airtable-mac-secret-bytes-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final String CLICKUP_SECRET = "CLICKUPWEBHOOKSECRET0123456789";
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final String PUBLIC_URL = "https://leadsync.example.com/hooks";

    /** One wake-up the route handed the pairs. */
    private record Wake(String pair, String service, String payload) {
    }

    private static final List<Wake> WOKEN = new CopyOnWriteArrayList<>();
    private static final SwitchableClusterService CLUSTER = new SwitchableClusterService("node-a");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CamelContext context;
    private static String base;
    private static KnownSecrets secrets;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        secrets = new KnownSecrets(TRELLO_SECRET, Set.of("trello", "trello2")::contains);
        secrets.airtable("trello", AIRTABLE_MAC_BASE64);
        secrets.clickup("clickup", CLICKUP_SECRET);
        context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("leadsync.webhooks.enabled", "true");
        context.getPropertiesComponent().setInitialProperties(p);
        context.getRegistry().bind("webhookReceiver", new WebhookReceiver(secrets, PUBLIC_URL,
                Duration.ofHours(25), Clock.fixed(NOW, ZoneOffset.UTC)));
        context.getRegistry().bind("pairWakeUps", (PairWakeUps) (pair, service, payload) ->
                WOKEN.add(new Wake(pair, service, payload.toString())));
        // this node leads every pair but the one a test hands to another node
        List.of("trello", "trello2", "clickup", "clickup2").forEach(pair -> CLUSTER.lead(Leadership.namespace(pair)));
        context.getRegistry().bind("leadership", Leadership.in(CLUSTER, "node-a"));
        WebhookServer.install(context, "127.0.0.1", port, new TrustedProxies(null));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:routes/webhooks.camel.yaml"));
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    @BeforeEach
    void forget() {
        WOKEN.clear();
    }

    // ---- signing as the services do

    private static byte[] hmac(String algorithm, byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(message);
    }

    /** Trello: base64 HMAC-SHA1 of body + callback URL as a binary string (each char's low byte). */
    private static String trelloSignature(String secret, String body, String callbackUrl) throws Exception {
        String signed = body + callbackUrl;
        byte[] binary = new byte[signed.length()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (signed.charAt(i) & 0xff);
        }
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), binary));
    }

    private static String airtableSignature(String macSecretBase64, byte[] body) throws Exception {
        return "hmac-sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256",
                Base64.getDecoder().decode(macSecretBase64), body));
    }

    private static String clickupSignature(String secret, byte[] body) throws Exception {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static String callback(String pair, String service) {
        return PUBLIC_URL + "/webhooks/" + pair + "/" + service;
    }

    private static final String TRELLO_BODY = "{\"action\":{\"id\":\"a1\",\"type\":\"updateCard\","
            + "\"date\":\"2026-12-01T02:59:58.000Z\",\"data\":{\"card\":{\"id\":\"c1\",\"name\":\"Ada\"}}},"
            + "\"model\":{\"id\":\"b1\"}}";
    private static final String AIRTABLE_BODY = "{\"base\":{\"id\":\"appA\"},\"webhook\":{\"id\":\"achW\"},"
            + "\"timestamp\":\"2026-12-01T02:59:59.000Z\"}";
    private static final String CLICKUP_BODY = "{\"webhook_id\":\"w1\",\"event\":\"taskUpdated\",\"task_id\":\"t1\","
            + "\"history_items\":[{\"id\":\"h1\",\"date\":\"" + NOW.minusSeconds(2).toEpochMilli()
            + "\",\"field\":\"name\",\"after\":\"Zoë – Ünal\"}]}";

    // ---- the requests

    /** A request to /webhooks/{pair}/{service}. */
    private record Delivery(String method, String path, String contentType, String header, String signature,
                            byte[] body) {
        static Delivery post(String pair, String service, String header, String signature, String body) {
            return new Delivery("POST", "/webhooks/" + pair + "/" + service, "application/json", header, signature,
                    body.getBytes(StandardCharsets.UTF_8));
        }

        Delivery withBody(byte[] other) {
            return new Delivery(method, path, contentType, header, signature, other);
        }

        Delivery withMethod(String other) {
            return new Delivery(other, path, contentType, header, signature, body);
        }

        Delivery withContentType(String other) {
            return new Delivery(method, path, other, header, signature, body);
        }
    }

    private static HttpResponse<String> send(Delivery d) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + d.path()))
                .timeout(Duration.ofSeconds(20))
                .method(d.method(), d.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(d.body()));
        if (d.contentType() != null) {
            request.header("Content-Type", d.contentType());
        }
        if (d.header() != null) {
            request.header(d.header(), d.signature());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Delivery trello(String pair, String body) throws Exception {
        return Delivery.post(pair, "trello", "X-Trello-Webhook",
                trelloSignature(TRELLO_SECRET, body, callback(pair, "trello")), body);
    }

    private static Delivery airtable(String pair, String body) throws Exception {
        return Delivery.post(pair, "airtable", "X-Airtable-Content-MAC",
                airtableSignature(AIRTABLE_MAC_BASE64, body.getBytes(StandardCharsets.UTF_8)), body);
    }

    private static Delivery clickup(String pair, String body) throws Exception {
        return Delivery.post(pair, "clickup", "X-Signature",
                clickupSignature(CLICKUP_SECRET, body.getBytes(StandardCharsets.UTF_8)), body);
    }

    // ---- the corpus

    /** A forged or broken delivery: what it is, what the answer must be, the WARN line's reason. */
    private record Forgery(String name, Delivery delivery, int status, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Forgery> forgeries() throws Exception {
        List<Forgery> all = new ArrayList<>();
        Delivery trello = trello("trello", TRELLO_BODY);
        Delivery airtable = airtable("trello", AIRTABLE_BODY);
        Delivery clickup = clickup("clickup", CLICKUP_BODY);
        String otherTrelloBody = TRELLO_BODY.replace("Ada", "Eve");

        all.add(new Forgery("Trello without X-Trello-Webhook",
                Delivery.post("trello", "trello", null, null, TRELLO_BODY), 401, "unsigned"));
        all.add(new Forgery("Trello with a made-up signature",
                Delivery.post("trello", "trello", "X-Trello-Webhook", "bm90IGEgc2lnbmF0dXJl", TRELLO_BODY),
                401, "wrong signature"));
        all.add(new Forgery("Trello with the signature of another body",
                trello.withBody(otherTrelloBody.getBytes(StandardCharsets.UTF_8)), 401, "wrong signature"));
        all.add(new Forgery("Trello signed with another secret", Delivery.post("trello", "trello",
                "X-Trello-Webhook", trelloSignature("another-secret", TRELLO_BODY, callback("trello", "trello")),
                TRELLO_BODY), 401, "wrong signature"));
        all.add(new Forgery("Trello signed without the callback URL", Delivery.post("trello", "trello",
                "X-Trello-Webhook", trelloSignature(TRELLO_SECRET, TRELLO_BODY, ""), TRELLO_BODY),
                401, "wrong signature"));
        all.add(new Forgery("Trello signed with another pair's callback URL", Delivery.post("trello", "trello",
                "X-Trello-Webhook", trelloSignature(TRELLO_SECRET, TRELLO_BODY, callback("trello2", "trello")),
                TRELLO_BODY), 401, "wrong signature"));
        String nonAscii = TRELLO_BODY.replace("Ada", "Zoë – Ünal");
        byte[] utf8Signed = new byte[0];
        {
            byte[] bodyBytes = nonAscii.getBytes(StandardCharsets.UTF_8);
            byte[] url = callback("trello", "trello").getBytes(StandardCharsets.UTF_8);
            utf8Signed = Arrays.copyOf(bodyBytes, bodyBytes.length + url.length);
            System.arraycopy(url, 0, utf8Signed, bodyBytes.length, url.length);
        }
        all.add(new Forgery("Trello non-ASCII body signed over its UTF-8 bytes instead of Trello's binary string",
                Delivery.post("trello", "trello", "X-Trello-Webhook", Base64.getEncoder().encodeToString(
                        hmac("HmacSHA1", TRELLO_SECRET.getBytes(StandardCharsets.UTF_8), utf8Signed)), nonAscii),
                401, "wrong signature"));
        all.add(new Forgery("Trello HEAD check for a pair that is not a Trello pair",
                new Delivery("HEAD", "/webhooks/clickup/trello", null, null, null, null), 401, "no secret known"));

        all.add(new Forgery("Airtable without the hmac-sha256= prefix", Delivery.post("trello", "airtable",
                "X-Airtable-Content-MAC", airtable.signature().substring("hmac-sha256=".length()), AIRTABLE_BODY),
                401, "wrong signature"));
        all.add(new Forgery("Airtable with the hex in upper case", Delivery.post("trello", "airtable",
                "X-Airtable-Content-MAC", "hmac-sha256=" + airtable.signature().substring(12).toUpperCase(),
                AIRTABLE_BODY), 401, "wrong signature"));
        all.add(new Forgery("Airtable keyed with the base64 text instead of the decoded secret",
                Delivery.post("trello", "airtable", "X-Airtable-Content-MAC", "hmac-sha256=" + HexFormat.of()
                        .formatHex(hmac("HmacSHA256", AIRTABLE_MAC_BASE64.getBytes(StandardCharsets.US_ASCII),
                                AIRTABLE_BODY.getBytes(StandardCharsets.UTF_8))), AIRTABLE_BODY),
                401, "wrong signature"));
        all.add(new Forgery("Airtable for a pair with no Airtable webhook", airtable("clickup", AIRTABLE_BODY),
                401, "no secret known"));
        all.add(new Forgery("Airtable ping replayed two days later", airtable("trello",
                AIRTABLE_BODY.replace("2026-12-01T02:59:59", "2026-11-29T02:59:59")), 400, "stale delivery"));
        all.add(new Forgery("Airtable ping dated an hour ahead", airtable("trello",
                AIRTABLE_BODY.replace("2026-12-01T02:59:59", "2026-12-01T04:00:00")), 400, "in the future"));

        all.add(new Forgery("ClickUp signed over the re-serialized (pretty-printed) body", clickup.withBody(
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(new com.fasterxml.jackson.databind.ObjectMapper().readTree(CLICKUP_BODY))),
                401, "wrong signature"));
        all.add(new Forgery("ClickUp body truncated in transit", clickup.withBody(Arrays.copyOf(clickup.body(),
                clickup.body().length - 10)), 401, "wrong signature"));
        all.add(new Forgery("ClickUp signed with Airtable's header name", Delivery.post("clickup", "clickup",
                "X-Airtable-Content-MAC", clickup.signature(), CLICKUP_BODY), 401, "unsigned"));
        all.add(new Forgery("ClickUp with malformed JSON, signed", clickup("clickup", "{\"event\":\"taskUpd"),
                400, "malformed JSON"));
        all.add(new Forgery("ClickUp with a JSON array, signed", clickup("clickup", "[1,2]"), 400, "not an object"));
        all.add(new Forgery("ClickUp as text/plain, signed", clickup.withContentType("text/plain"), 400,
                "content type"));
        all.add(new Forgery("ClickUp history dated two days ago, signed", clickup("clickup",
                CLICKUP_BODY.replace(String.valueOf(NOW.minusSeconds(2).toEpochMilli()),
                        String.valueOf(NOW.minus(Duration.ofDays(2)).toEpochMilli()))), 400, "stale delivery"));

        byte[] oversized = new byte[WebhookReceiver.MAX_BODY_BYTES + 1];
        Arrays.fill(oversized, (byte) ' ');
        oversized[0] = '{';
        oversized[oversized.length - 1] = '}';
        all.add(new Forgery("1 MiB + 1 byte, signed", Delivery.post("clickup", "clickup", "X-Signature",
                clickupSignature(CLICKUP_SECRET, oversized), "").withBody(oversized), 413, "body over"));
        all.add(new Forgery("GET", trello.withMethod("GET"), 405, "method GET not allowed"));
        all.add(new Forgery("PUT", clickup.withMethod("PUT"), 405, "method PUT not allowed"));
        all.add(new Forgery("an unknown service", Delivery.post("trello", "github", "X-Hub-Signature", "sha1=00",
                TRELLO_BODY), 401, "unknown service"));
        all.add(new Forgery("an unknown pair", trello("nosuchpair", TRELLO_BODY), 401, "no secret known"));
        all.add(new Forgery("a pair name with a line break", trello("trello%0AFORGED", TRELLO_BODY), 401,
                "no secret known"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedOrBrokenDeliveryIsRefusedLoggedOnceAndWakesNothing(Forgery forgery) throws Exception {
        HttpResponse<String> answer;
        String warnings;
        try (LogCapture log = LogCapture.start()) {
            answer = send(forgery.delivery());
            warnings = log.text().lines().filter(l -> l.contains("webhook refused"))
                    .reduce((a, b) -> a + "\n" + b).orElse("");
        }

        assertThat(answer.statusCode()).isEqualTo(forgery.status());
        assertThat(answer.body()).as("a short reason, no stack trace").hasSizeLessThan(120).doesNotContain("at ");
        assertThat(answer.headers().firstValue(forgery.delivery().header() == null ? "X-None"
                : forgery.delivery().header())).as("the signature is not echoed").isEmpty();
        assertThat(WOKEN).as("nothing woken").isEmpty();
        assertThat(warnings.lines()).as("one WARN line").singleElement().asString()
                .contains(forgery.reason()).contains("from ").contains("127.0.0.1")
                .doesNotContain(TRELLO_SECRET, AIRTABLE_MAC_BASE64, CLICKUP_SECRET, "Ada", "taskUpd");
        if (forgery.delivery().signature() != null && forgery.delivery().signature().length() > 8) {
            assertThat(warnings).doesNotContain(forgery.delivery().signature());
        }
        if (forgery.status() != 413) {
            assertThat(warnings).contains(forgery.delivery().path().contains("%0A") ? "pair (invalid)"
                    : "pair " + forgery.delivery().path().split("/")[2]);
        }
    }

    @Test
    void theCorpusHasAtLeastTwentyDeliveriesAcrossTheThreeServices() throws Exception {
        List<Forgery> all = forgeries().toList();

        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(all).extracting(f -> f.delivery().path().split("/")[3])
                .contains("trello", "airtable", "clickup");
    }

    // ---- genuine deliveries

    private static Wake deliver(Delivery delivery) throws Exception {
        HttpResponse<String> answer = send(delivery);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).as("an empty answer (Airtable's rule)").isEmpty();
        assertThat(WOKEN).as("woken exactly once").hasSize(1);
        return WOKEN.get(0);
    }

    @Test
    void aTrelloDeliverySignedWithTheBodyAndItsCallbackUrlWakesThePair() throws Exception {
        Wake wake = deliver(trello("trello", TRELLO_BODY));

        assertThat(wake).isEqualTo(new Wake("trello", "trello", TRELLO_BODY));
    }

    @Test
    void aTrelloDeliveryWithNonAsciiTextIsVerifiedAsTrelloSignsIt() throws Exception {
        String body = TRELLO_BODY.replace("Ada", "Zoë – Ünal");

        Wake wake = deliver(trello("trello2", body));

        assertThat(wake.pair()).isEqualTo("trello2");
        assertThat(wake.payload()).contains("Zoë – Ünal");
    }

    /** The pair's leader acts on its deliveries; another node answers 200, or the service would disable the hook. */
    @Test
    void aDeliveryToANodeThatDoesNotLeadThePairIsAnswered200AndWakesNothing() throws Exception {
        CLUSTER.lose(Leadership.namespace("trello2"));
        try {
            HttpResponse<String> answer = send(trello("trello2", TRELLO_BODY));

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(WOKEN).isEmpty();
        } finally {
            CLUSTER.lead(Leadership.namespace("trello2"));
        }
    }

    @Test
    void trellosHeadCheckOfTheCallbackUrlIsAnswered200AndWakesNothing() throws Exception {
        HttpResponse<String> answer = send(new Delivery("HEAD", "/webhooks/trello/trello", null, null, null, null));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(WOKEN).isEmpty();
    }

    /**
     * ClickUp may deliver for a webhook before the answer to its creation brought the secret back; a 401 then would
     * have ClickUp suspend the new webhook at once. While the webhook is being created such a delivery is asked to
     * come again (503, wakes nothing); once its secret is known, it is verified as any other.
     */
    @Test
    void aDeliveryForAWebhookBeingCreatedIsAskedToComeAgainNotRefusedForGood() throws Exception {
        HttpResponse<String> early = secrets.registering("clickup2", "clickup", () -> {
            try {
                HttpResponse<String> answer = send(clickup("clickup2", CLICKUP_BODY));
                secrets.clickup("clickup2", CLICKUP_SECRET);
                return answer;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(WOKEN).isEmpty();
        assertThat(deliver(clickup("clickup2", CLICKUP_BODY)).pair()).as("delivered again").isEqualTo("clickup2");
        assertThat(send(clickup("clickup3", CLICKUP_BODY)).statusCode()).as("no webhook being created")
                .isEqualTo(401);
    }

    @Test
    void anAirtablePingWakesThePair() throws Exception {
        Wake wake = deliver(airtable("trello", AIRTABLE_BODY));

        assertThat(wake).isEqualTo(new Wake("trello", "airtable", AIRTABLE_BODY));
    }

    @Test
    void aClickUpDeliveryWithNonAsciiTextIsVerifiedOverTheBytesAsReceived() throws Exception {
        Wake wake = deliver(clickup("clickup", CLICKUP_BODY));

        assertThat(wake.service()).isEqualTo("clickup");
        assertThat(wake.payload()).contains("Zoë – Ünal");
    }

    @Test
    void aBodyIsVerifiedAsItsBytesWhateverCharsetItsContentTypeNames() throws Exception {
        Wake wake = deliver(clickup("clickup", CLICKUP_BODY).withContentType("application/json; charset=ISO-8859-1"));

        assertThat(wake.service()).isEqualTo("clickup");
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAccepted() throws Exception {
        byte[] body = new byte[WebhookReceiver.MAX_BODY_BYTES];
        Arrays.fill(body, (byte) ' ');
        byte[] json = CLICKUP_BODY.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, body, 0, json.length);

        deliver(Delivery.post("clickup", "clickup", "X-Signature", clickupSignature(CLICKUP_SECRET, body), "")
                .withBody(body));
    }

    @Test
    void aBodyOverTheLimitSentWithoutALengthIsRefusedToo() throws Exception {
        byte[] body = new byte[WebhookReceiver.MAX_BODY_BYTES * 4];
        Arrays.fill(body, (byte) ' ');
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/webhooks/clickup/clickup"))
                .header("Content-Type", "application/json").header("X-Signature", "00")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        int status;
        String warnings;
        try (LogCapture log = LogCapture.start()) {
            status = HTTP.send(chunked, HttpResponse.BodyHandlers.discarding()).statusCode();
            warnings = log.text();
        }

        assertThat(status).isEqualTo(413);
        assertThat(WOKEN).isEmpty();
        assertThat(warnings.lines().filter(l -> l.contains("webhook refused (413)"))).singleElement().asString()
                .contains("/webhooks/clickup/clickup");
    }
}
