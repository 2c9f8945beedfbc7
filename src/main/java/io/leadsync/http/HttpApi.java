package io.leadsync.http;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REST service as seen by leadsync: every request goes through Camel's http component, waits for the
 * shared rate budgets of its credential, and comes back as parsed JSON or as an exception that says whether a
 * retry can help. 429s are waited out as the service asks (Retry-After, X-RateLimit-Reset or a fixed penalty)
 * and repeated (except for writes that were decided on a check); reads are also retried with backoff on 5xx and timeouts; writes are left to the routes'
 * redelivery policy, and a failed create is reported as uncertain. Once leadsync is stopping, no wait (a rate
 * limit, a 429, a backoff) goes on: the request fails as transient, unsent. Credentials never appear in messages.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_429_WAITS = 20;

    /** How a request may be repeated after a 5xx, a timeout or a 429. */
    public enum Kind {
        /** A read: retried here with backoff. */
        READ,
        /** A write that sets absolute values (PUT/PATCH, set field): safe to repeat, the route redelivers it. */
        IDEMPOTENT_WRITE,
        /**
         * An idempotent write decided on a check made just before it (a move, a status): a 429 is not waited out
         * and resent here but handed back, so that the check is made again after the wait.
         */
        CHECKED_WRITE,
        /** A create: repeating it could duplicate, so a failure that may have been applied is uncertain. */
        CREATE
    }

    private final ProducerTemplate template;
    private final String service;
    private final String endpointUri;
    private final Map<String, String> authHeaders;
    private final List<String> secrets;
    private final List<RateBudget> budgets;
    private final long default429WaitMillis;
    private final int readAttempts;
    private final StopSignal stop;

    /**
     * @param authHeaders         headers carrying credentials (Authorization): never the query string, which
     *                            Camel and the HTTP client print at DEBUG
     * @param secrets             values to mask wherever they could show up in a message
     * @param default429WaitMillis how long to wait after a 429 that names no time (Airtable's 30 s penalty)
     * @param stop                 ends every wait once leadsync is stopping
     */
    public HttpApi(ProducerTemplate template, String service, String baseUrl, Map<String, String> authHeaders,
                   List<String> secrets, List<RateBudget> budgets, long default429WaitMillis,
                   int readAttempts, StopSignal stop) {
        this.template = template;
        this.service = service;
        this.endpointUri = baseUrl.replaceAll("/+$", "") + "?throwExceptionOnFailure=false";
        this.authHeaders = authHeaders;
        this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
        SecretMask.hide(this.secrets);
        this.budgets = budgets;
        this.default429WaitMillis = default429WaitMillis;
        this.readAttempts = Math.max(1, readAttempts);
        this.stop = stop;
    }

    public String service() {
        return service;
    }

    public ApiResponse get(String path, String query) {
        return call("GET", path, query, null, Kind.READ);
    }

    /**
     * Sends one request.
     *
     * @param query raw (already encoded) query string without credentials, or null
     * @param body  object serialised as JSON, or null
     */
    public ApiResponse call(String method, String path, String query, Object body, Kind kind) {
        String what = service + " " + method + " " + path;
        int attempt = 0;
        int waits429 = 0;
        while (true) {
            attempt++;
            try {
                return once(method, path, query, body, what);
            } catch (RateLimited e) {
                if (++waits429 > MAX_429_WAITS) {
                    throw new TransientApiException(what + ": still rate limited after " + MAX_429_WAITS + " waits",
                            429, e.body, null);
                }
                long until = System.currentTimeMillis() + e.waitMillis;
                LOG.warn("{} was rate limited (429); every request on {} waits {} ms as the service asks", what,
                        budgets.isEmpty() ? "this credential" : budgets.get(0).name(), e.waitMillis);
                budgets.forEach(b -> b.pauseUntil(until));
                if (kind == Kind.CHECKED_WRITE) {
                    // not applied; what it was decided on may have changed during the wait
                    throw new TransientApiException(what + ": rate limited (429), not applied", 429, e.body, null);
                }
                attempt--;
            } catch (TransientApiException | TransportFailure | ServerFailure | UnreadableAnswer e) {
                TransientApiException failure = classify(e, what, kind);
                if (kind != Kind.READ || attempt >= readAttempts || stop.raised()) {
                    throw failure;
                }
                long backoff = 250L << Math.min(attempt, 6);
                LOG.info("{}, retry {} of {} in {} ms", failure.getMessage(), attempt, readAttempts - 1, backoff);
                if (!stop.sleep(backoff)) {
                    throw failure;
                }
            }
        }
    }

    /** Turns a failure into what the caller can act on; a create that may have been applied is uncertain. */
    private static TransientApiException classify(RuntimeException e, String what, Kind kind) {
        if (e instanceof TransientApiException t) {
            return t;
        }
        boolean maybeApplied = kind == Kind.CREATE && !(e.getCause() instanceof ConnectException);
        String message = e instanceof ServerFailure f ? what + ": " + f.status + " " + f.body : what + ": " + e.getMessage();
        int status = e instanceof ServerFailure f ? f.status : 0;
        String body = e instanceof ServerFailure f ? f.body : "";
        return maybeApplied
                ? new UncertainWriteException(message + " (the service may have applied it)", status, body, e.getCause())
                : new TransientApiException(message, status, body, e.getCause());
    }

    private ApiResponse once(String method, String path, String query, Object body, String what) {
        List<RateBudget.Permit> permits = new java.util.ArrayList<>(budgets.size());
        Exchange result;
        long started;
        try {
            for (RateBudget budget : budgets) {
                permits.add(budget.acquire());
            }
            started = System.nanoTime();
            result = send(method, path, query, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientApiException(what + ": interrupted while waiting for the rate limit", 0, "", e);
        } catch (StopSignal.Stopped e) {
            throw new TransientApiException(what + ": not sent, leadsync is stopping", 0, "", null);
        } finally {
            for (int i = 0; i < permits.size(); i++) {
                budgets.get(i).release(permits.get(i));
            }
        }
        if (result.getException() != null) {
            throw new TransportFailure(redact(describe(result.getException())), result.getException());
        }
        Message out = result.getMessage();
        int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        LOG.debug("{} -> {} in {} ms", what, status, (System.nanoTime() - started) / 1_000_000);
        String text = redact(bounded(out.getBody(String.class)));
        if (status == 429) {
            throw new RateLimited(waitMillis(out), text);
        }
        if (status >= 500) {
            throw new ServerFailure(status, text);
        }
        if (status < 200 || status >= 300) {
            throw new ApiException(what + ": " + status + " " + text, status, text, null);
        }
        String contentType = String.valueOf(out.getHeader(Exchange.CONTENT_TYPE));
        try {
            JsonNode json = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            return new ApiResponse(status, json, serverTime(out));
        } catch (JsonProcessingException e) {
            // an HTML error page with status 200 is what proxies and outages produce; a cut answer may follow a
            // write that was applied
            throw new UnreadableAnswer(status + " with a body that is not JSON (" + contentType + ", "
                    + text.length() + " characters): " + unreadable(text, e));
        }
    }

    private Exchange send(String method, String path, String query, Object body) {
        return template.send(endpointUri, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, method);
            in.setHeader(Exchange.HTTP_PATH, path);
            if (query != null && !query.isEmpty()) {
                in.setHeader(Exchange.HTTP_QUERY, query);
            }
            authHeaders.forEach(in::setHeader);
            in.setHeader("Accept", "application/json");
            if (body != null) {
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(toJson(body));
            } else {
                in.setBody(null);
            }
        });
    }

    private long waitMillis(Message out) {
        String retryAfter = out.getHeader("Retry-After", String.class);
        if (retryAfter != null && retryAfter.matches("\\d+")) {
            return Long.parseLong(retryAfter) * 1000;
        }
        String reset = out.getHeader("X-RateLimit-Reset", String.class);
        if (reset != null && reset.matches("\\d+")) {
            long resetMillis = Long.parseLong(reset) * 1000;
            return Math.max(0, resetMillis - System.currentTimeMillis()) + 250;
        }
        return default429WaitMillis;
    }

    /** The {@code Date} header as epoch millis, 0 when absent or unreadable. */
    private static long serverTime(Message out) {
        String date = out.getHeader("Date", String.class);
        if (date == null) {
            return 0;
        }
        try {
            return java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String describe(Exception e) {
        String type = e instanceof IOException ? e.getClass().getSimpleName() : e.getClass().getName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    private static String bounded(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 100_000_000 ? text.substring(0, 100_000_000) : text;
    }

    /**
     * Why a body could not be read, without the lead data a cut listing is full of (names, emails): for cut JSON
     * only where it broke off; for anything else (an HTML error page from a proxy) its beginning.
     */
    private static String unreadable(String text, JsonProcessingException e) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            return "JSON cut or damaged" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + " (" + e.getClass().getSimpleName() + ")";
        }
        return snippet(text);
    }

    private static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }

    /** Masks every credential value in a text. */
    public String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    private static final class RateLimited extends RuntimeException {
        final long waitMillis;
        final String body;

        RateLimited(long waitMillis, String body) {
            super(null, null, false, false);
            this.waitMillis = waitMillis;
            this.body = body;
        }
    }

    private static final class ServerFailure extends RuntimeException {
        final int status;
        final String body;

        ServerFailure(int status, String body) {
            super(null, null, false, false);
            this.status = status;
            this.body = snippet(body);
        }
    }

    /** A 2xx whose body cannot be read: the request may have been applied. */
    private static final class UnreadableAnswer extends RuntimeException {
        UnreadableAnswer(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TransportFailure extends RuntimeException {
        TransportFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
