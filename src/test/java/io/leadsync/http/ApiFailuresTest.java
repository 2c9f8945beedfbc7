package io.leadsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.leadsync.http.ApiCall.Kind;

/**
 * How an API answer is classified, as a table: status, body and kind of request in, the exception (or result)
 * out, with its message. This is what each fault the emulators inject ends up as; the routes that act on the
 * exception types are pinned by ApiRoutesTest (redelivery) and SyncErrorsRoutesTest (what a failed change means).
 */
class ApiFailuresTest {

    private static final String TOKEN = "tok-5a1e-classify-secret";

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final BudgetGate budgets = new BudgetGate("trello token", 100, 10_000);
    private final ApiFailures failures = new ApiFailures("Trello", 30_000, budgets);

    @AfterEach
    void stop() {
        context.stop();
    }

    /** One answer to "POST /1/cards" (or whatever {@code method} says) as the HTTP step leaves it. */
    private Exchange answer(String method, Kind kind, int status, String body, Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ApiFailures.KIND, kind.name());
        exchange.setProperty(ApiFailures.REQUEST, method + " /1/cards");
        exchange.getMessage().setHeaders(new HashMap<>(headers));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private Exchange noAnswer(String method, Kind kind, Exception lost) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ApiFailures.KIND, kind.name());
        exchange.setProperty(ApiFailures.REQUEST, method + " /1/cards");
        exchange.setProperty(ApiFailures.NO_ANSWER, lost);
        return exchange;
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                // status, body, request, kind -> exception type, message contains
                Arguments.of(503, "<html>down</html>", "GET", Kind.READ, TransientApiException.class,
                        "Trello GET /1/cards: 503 <html>down</html>"),
                Arguments.of(500, "oops", "PUT", Kind.IDEMPOTENT_WRITE, TransientApiException.class,
                        "Trello PUT /1/cards: 500 oops"),
                Arguments.of(502, "bad gateway", "PUT", Kind.CHECKED_WRITE, TransientApiException.class,
                        "Trello PUT /1/cards: 502 bad gateway"),
                Arguments.of(500, "oops", "POST", Kind.CREATE, UncertainWriteException.class,
                        "Trello POST /1/cards: 500 oops (the service may have applied it)"),
                Arguments.of(502, "bad gateway", "POST", Kind.CREATE, UncertainWriteException.class,
                        "502 bad gateway (the service may have applied it)"),
                Arguments.of(503, "unavailable", "POST", Kind.CREATE, UncertainWriteException.class,
                        "503 unavailable (the service may have applied it)"),
                Arguments.of(400, "invalid value for idList", "POST", Kind.CREATE, ApiException.class,
                        "Trello POST /1/cards: 400 invalid value for idList"),
                Arguments.of(404, "card not found", "PUT", Kind.CHECKED_WRITE, ApiException.class,
                        "Trello PUT /1/cards: 404 card not found"),
                Arguments.of(422, "{\"error\":\"INVALID_VALUE_FOR_COLUMN\"}", "PATCH", Kind.IDEMPOTENT_WRITE,
                        ApiException.class, "422 {\"error\":\"INVALID_VALUE_FOR_COLUMN\"}"),
                Arguments.of(200, "<html>proxy error</html>", "GET", Kind.READ, TransientApiException.class,
                        "200 with a body that is not JSON"),
                Arguments.of(200, "[{\"id\":\"c1\",\"name\":\"Ada", "GET", Kind.READ, TransientApiException.class,
                        "JSON cut or damaged at line 1"),
                Arguments.of(200, "{\"id\":\"c1\",\"na", "POST", Kind.CREATE, UncertainWriteException.class,
                        "JSON cut or damaged"),
                Arguments.of(200, "<html>maintenance</html>", "POST", Kind.CREATE, UncertainWriteException.class,
                        "200 with a body that is not JSON"),
                Arguments.of(200, "{\"records\":[{\"id\":\"rec", "PATCH", Kind.CHECKED_WRITE,
                        TransientApiException.class, "JSON cut or damaged"),
                Arguments.of(200, "{\"id\":\"c1\",\"na", "PUT", Kind.IDEMPOTENT_WRITE, TransientApiException.class,
                        "JSON cut or damaged"));
    }

    @ParameterizedTest(name = "{0} to {2} ({3}) -> {4}")
    @MethodSource("answers")
    void anAnswerIsClassifiedByStatusBodyAndKindOfRequest(int status, String body, String method, Kind kind,
                                                          Class<? extends Exception> type, String message) {
        Throwable thrown = catchThrowable(() -> failures.classify(answer(method, kind, status, body, Map.of())));

        assertThat(thrown).isExactlyInstanceOf(type).hasMessageContaining(message);
        if (thrown instanceof ApiException refused && !(thrown instanceof TransientApiException)) {
            assertThat(refused.status()).isEqualTo(status);
        }
    }

    @Test
    void aCutAnswerNamesWhereItBrokeOffNotTheLeadDataItCarried() {
        Throwable thrown = catchThrowable(() -> failures.classify(answer("GET", Kind.READ, 200,
                "[{\"id\":\"c1\",\"name\":\"Ada Lovelace\",\"email\":\"ada@examp", Map.of())));

        assertThat(thrown).isInstanceOf(TransientApiException.class).hasMessageNotContaining("ada@")
                .hasMessageNotContaining("Lovelace");
    }

    @Test
    void aLostAnswerCamelWrappedIsClassifiedByItsCause() {
        ConnectException refused = new ConnectException("Connection refused");

        Throwable thrown = catchThrowable(() -> failures.classify(noAnswer("POST", Kind.CREATE,
                new RuntimeCamelException(refused))));

        assertThat(thrown).as("never sent: not uncertain").isExactlyInstanceOf(TransientApiException.class)
                .hasMessageContaining("ConnectException: Connection refused").hasCause(refused);
    }

    @Test
    void aRefusalIsToldByTheFirstServiceAnswerAmongTheCausesSoAWrappedTransientFailureIsNone() {
        ApiException refusal = new ApiException("Airtable PATCH: 422", 422, "", null);
        TransientApiException dropped = new TransientApiException("Airtable PATCH: NoHttpResponseException", 0, "", null);

        assertThat(ApiFailures.refused(refusal)).isTrue();
        assertThat(ApiFailures.refused(new CamelExchangeException("split failed", null, refusal))).isTrue();
        assertThat(ApiFailures.refused(dropped)).isFalse();
        assertThat(ApiFailures.refused(new CamelExchangeException("split failed", null, dropped))).isFalse();
        assertThat(ApiFailures.refused(new RuntimeCamelException(new UncertainWriteException("x", 502, "", null))))
                .isFalse();
        assertThat(ApiFailures.refusedBatch(refusal, 1)).as("one record: nothing to split").isFalse();
    }

    static Stream<Arguments> lostAnswers() {
        return Stream.of(
                Arguments.of(Kind.CREATE, new SocketTimeoutException("Read timed out"), UncertainWriteException.class),
                Arguments.of(Kind.CREATE, new java.io.IOException("Connection reset"), UncertainWriteException.class),
                Arguments.of(Kind.CREATE, new ConnectException("Connection refused"), TransientApiException.class),
                Arguments.of(Kind.READ, new SocketTimeoutException("Read timed out"), TransientApiException.class),
                Arguments.of(Kind.CHECKED_WRITE, new java.io.IOException("Connection reset"),
                        TransientApiException.class));
    }

    @ParameterizedTest(name = "{1} on a {0} -> {2}")
    @MethodSource("lostAnswers")
    void aLostAnswerIsUncertainOnlyForACreateThatWasSent(Kind kind, Exception lost, Class<? extends Exception> type) {
        Throwable thrown = catchThrowable(() -> failures.classify(noAnswer("POST", kind, lost)));

        assertThat(thrown).isExactlyInstanceOf(type).hasMessageContaining("Trello POST /1/cards: ")
                .hasMessageContaining(lost.getMessage()).hasCause(lost);
    }

    @Test
    void a429SetsTheRedeliveryDelayItsRetryAfterNamesAndPausesTheBudget() {
        Exchange exchange = answer("GET", Kind.READ, 429, "{}", Map.of("Retry-After", "7"));

        Throwable thrown = catchThrowable(() -> failures.classify(exchange));

        assertThat(thrown).isExactlyInstanceOf(RateLimitedException.class)
                .hasMessage("Trello GET /1/cards: rate limited (429)");
        assertThat(((RateLimitedException) thrown).waitMillis()).isEqualTo(7_000);
        assertThat(exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(7_000L);
    }

    @Test
    void a429WithoutATimeWaitsTheServicesDefaultPenalty() {
        Throwable thrown = catchThrowable(() -> failures.classify(answer("POST", Kind.CREATE, 429, "{}", Map.of())));

        assertThat(thrown).isExactlyInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) thrown).waitMillis()).isEqualTo(30_000);
    }

    @Test
    void a429OnACheckedWriteIsTransientAndNotApplied() {
        Exchange exchange = answer("PUT", Kind.CHECKED_WRITE, 429, "{}", Map.of("Retry-After", "7"));

        Throwable thrown = catchThrowable(() -> failures.classify(exchange));

        assertThat(thrown).isExactlyInstanceOf(TransientApiException.class)
                .hasMessage("Trello PUT /1/cards: rate limited (429), not applied");
        assertThat(exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY)).as("not resent by the API route")
                .isNull();
    }

    @Test
    void aReadable2xxIsTheResultWithTheServicesClock() {
        Exchange exchange = answer("GET", Kind.READ, 200, "", Map.of("Date", "Tue, 03 Jun 2025 10:15:30 GMT"));

        failures.classify(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).as("an empty answer reads as an empty object")
                .isEqualTo("{}");
        assertThat(exchange.getMessage().getHeader(ApiFailures.SERVER_TIME)).isEqualTo(1_748_945_730_000L);
    }

    @Test
    void aSecretInTheAnswerOrTheLostConnectionIsMaskedInTheException() {
        SecretMask.hide(List.of(TOKEN));

        Throwable refused = catchThrowable(() -> failures.classify(answer("GET", Kind.READ, 401,
                "invalid token " + TOKEN, Map.of())));
        Throwable lost = catchThrowable(() -> failures.classify(noAnswer("GET", Kind.READ,
                new ConnectException("refused for token=" + TOKEN))));
        Throwable down = catchThrowable(() -> failures.classify(answer("POST", Kind.CREATE, 503,
                "down for " + TOKEN, Map.of())));

        assertThat(List.of(refused, lost, down)).allSatisfy(e -> assertThat(e.getMessage())
                .doesNotContain(TOKEN).contains("****"));
        assertThat(((ApiException) refused).body()).doesNotContain(TOKEN);
        assertThat(((ApiException) down).body()).doesNotContain(TOKEN);
    }

    @Test
    void anAnswerCarryingAKnownSecretIsHandedOnAsReceivedForItIsData() {
        // a webhook's secret, once known, is masked in logs; the list that shows it again must still show it
        SecretMask.hide(List.of(TOKEN));
        Exchange listed = answer("GET", Kind.READ, 200, "{\"secret\":\"" + TOKEN + "\"}", Map.of());

        failures.classify(listed);

        assertThat(listed.getMessage().getBody(String.class)).isEqualTo("{\"secret\":\"" + TOKEN + "\"}");
    }
}
