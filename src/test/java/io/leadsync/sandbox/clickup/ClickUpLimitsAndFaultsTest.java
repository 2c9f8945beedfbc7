package io.leadsync.sandbox.clickup;

import static io.leadsync.sandbox.clickup.ClickUpHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.MutableClock;

class ClickUpLimitsAndFaultsTest {

    private static final long T0 = Instant.parse("2026-01-05T09:00:00.250Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private ClickUpEmulator clickup;
    private ClickUpHttp http;

    @BeforeEach
    void start() {
        clickup = new ClickUpEmulator(clock, 1, ClickUpSettings.defaults().withRequestsPerMinute(3));
        clickup.start(0);
        http = new ClickUpHttp(clickup.baseUrl());
    }

    @AfterEach
    void stop() {
        clickup.close();
    }

    @Test
    void theDefaultLimitIsAHundredRequestsPerMinute() {
        assertThat(ClickUpSettings.defaults().requestsPerMinute()).isEqualTo(100);
        assertThat(ClickUpSettings.defaults().rateWindowMillis()).isEqualTo(60_000);
    }

    @Test
    void everyAnswerCarriesTheRateLimitHeaders() {
        HttpResponse<String> first = http.get("/api/v2/user");
        assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
        assertThat(first.headers().firstValue("X-RateLimit-Reset")).hasValue(Long.toString((T0 + 60_000 + 999) / 1000));

        HttpResponse<String> refused = http.get("/api/v2/task/86zzzzzzz");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    }

    @Test
    void beyondTheLimitTheAnswerIs429UntilTheWindowMoves() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v2/user").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = http.get("/api/v2/user");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"err\":\"Rate limit reached\",\"ECODE\":\"APP_002\"}");
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("X-RateLimit-Reset")).hasValue(Long.toString((T0 + 60_000 + 999) / 1000));

        clock.advance(Duration.ofSeconds(60));
        assertThat(http.get("/api/v2/user").statusCode()).isEqualTo(200);
    }

    @Test
    void theLimitIsPerToken() {
        for (int i = 0; i < 4; i++) {
            http.get("/api/v2/user");
        }
        assertThat(http.send("GET", "/api/v2/user", null, "pk_other").statusCode()).as("401, not 429").isEqualTo(401);
    }

    @Test
    void anInjectedRateLimitAnswersLikeTheRealOne() {
        http.injectFault("RATE_LIMIT", "GET /api/v2/user");
        HttpResponse<String> limited = http.get("/api/v2/user");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).get("ECODE").asText()).isEqualTo("APP_002");
        assertThat(limited.headers().firstValue("X-RateLimit-Reset")).isPresent();
    }

    @Test
    void anInjected500IsAJsonError() {
        http.injectFault("SERVER_ERROR_500", null);
        HttpResponse<String> failed = http.get("/api/v2/team");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).get("err").asText()).isEqualTo("Internal Server Error");
    }

    @Test
    void injected502And503AreTheProxysHtmlPages() {
        http.injectFault("BAD_GATEWAY_502", null);
        http.injectFault("UNAVAILABLE_503", null);
        HttpResponse<String> badGateway = http.get("/api/v2/team");
        HttpResponse<String> unavailable = http.get("/api/v2/team");
        assertThat(badGateway.statusCode()).isEqualTo(502);
        assertThat(badGateway.body()).contains("<h1>502 Bad Gateway</h1>");
        assertThat(badGateway.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("503 Service Temporarily Unavailable");
    }

    @Test
    void aDroppedConnectionChangesNothing() {
        http.injectFault("DROP_CONNECTION", "POST /api/v2/list");
        assertThatThrownBy(() -> http.post("/api/v2/list/" + clickup.leadsListId() + "/task", "{\"name\":\"x\"}"))
                .hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(clickup.tasks()).isEmpty();
    }

    @Test
    void aLostResponseStillAppliesTheChange() {
        http.injectFault("LOSE_RESPONSE", "POST /api/v2/list");
        assertThatThrownBy(() -> http.post("/api/v2/list/" + clickup.leadsListId() + "/task", "{\"name\":\"x\"}"))
                .hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(clickup.tasks()).extracting(ClickUpTask::name).containsExactly("x");
    }

    @Test
    void aDelayHoldsTheAnswerBack() {
        clickup.delayFaultMillis(300);
        http.injectFault("DELAY", "GET /api/v2/user");
        long started = System.nanoTime();
        assertThat(http.get("/api/v2/user").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void callsAreCountedPerEndpointTemplate() {
        String list = clickup.leadsListId();
        http.get("/api/v2/list/" + list + "/task");
        http.get("/api/v2/list/" + list + "/task?page=1");
        http.post("/api/v2/list/" + list + "/task", "{\"name\":\"x\"}");

        assertThat(clickup.calls()).containsEntry("GET /api/v2/list/{list_id}/task", 2)
                .containsEntry("POST /api/v2/list/{list_id}/task", 1);
        assertThat(clickup.calls("POST")).isEqualTo(1);
        assertThat(json(http.send("GET", "/_sandbox/calls", null, null)).get("GET /api/v2/list/{list_id}/task").asInt())
                .isEqualTo(2);
    }
}
