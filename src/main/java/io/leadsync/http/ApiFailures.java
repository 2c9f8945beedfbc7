package io.leadsync.http;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadsync.observe.RateLimitMeters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an API route's answer becomes a result or an exception that says whether a retry can help:
 * 429 {@link RateLimitedException} (the credential's budgets paused for as long as the service asks; a checked
 * write gets a plain transient failure instead, so that its caller checks again), 5xx, timeouts and unreadable 2xx
 * bodies {@link TransientApiException}, other 4xx {@link ApiException}, and a create that may have been applied
 * {@link UncertainWriteException}. Credentials are masked in every message.
 */
public final class ApiFailures {

    /** Exchange property: how the request may be repeated, an {@link ApiCall.Kind} name. */
    public static final String KIND = "leadsyncKind";
    /** Exchange property: the request as messages name it ("GET /1/cards/..."). */
    public static final String REQUEST = "leadsyncRequest";
    /** Exchange property: the transport failure (no answer) the route caught. */
    public static final String NO_ANSWER = "leadsyncNoAnswer";
    /** Header of a 2xx answer: the service's clock when it answered, epoch ms, 0 when unknown. */
    public static final String SERVER_TIME = "leadsyncServerTime";

    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final String service;
    private final long default429WaitMillis;
    private final BudgetGate budgets;

    /** @param default429WaitMillis how long to wait after a 429 that names no time (Airtable's 30 s penalty) */
    public ApiFailures(String service, long default429WaitMillis, BudgetGate budgets) {
        this.service = service;
        this.default429WaitMillis = default429WaitMillis;
        this.budgets = budgets;
    }

    public void classify(Exchange exchange) {
        String what = service + " " + exchange.getProperty(REQUEST, "", String.class);
        ApiCall.Kind kind = ApiCall.Kind.valueOf(exchange.getProperty(KIND, "READ", String.class));
        Message out = exchange.getMessage();
        out.removeHeader(Exchange.REDELIVERY_DELAY);
        Exception noAnswer = transportFailure(exchange.getProperty(NO_ANSWER, Exception.class));
        exchange.removeProperty(NO_ANSWER);
        if (noAnswer != null) {
            LOG.debug("{} -> no answer after {} ms: {}", what, elapsedMillis(exchange),
                    SecretMask.masked(describe(noAnswer)));
            // a create refused at connect time was never sent; any other lost answer may follow an applied one
            boolean maybeApplied = kind == ApiCall.Kind.CREATE && !(noAnswer instanceof ConnectException);
            throw transientOrUncertain(what + ": " + SecretMask.masked(describe(noAnswer)), 0, "", noAnswer,
                    maybeApplied);
        }
        int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = bounded(out.getBody(String.class));
        // masked for the messages of failures; an answer is handed on as received (a webhook's secret is data)
        String text = SecretMask.masked(body);
        LOG.debug("{} -> {} in {} ms", what, status, elapsedMillis(exchange));
        if (status == 429) {
            long waitMillis = waitMillis(out);
            LOG.warn("{} was rate limited (429); every request on {} waits {} ms as the service asks", what,
                    budgets.name(), waitMillis);
            budgets.pauseUntil(System.currentTimeMillis() + waitMillis);
            // a checked write is not sent again here: its later wait is its budget's
            RateLimitMeters.limited(exchange, service, budgets.name(),
                    kind == ApiCall.Kind.CHECKED_WRITE ? 0 : waitMillis);
            if (kind == ApiCall.Kind.CHECKED_WRITE) {
                // not applied; what it was decided on may have changed during the wait
                throw new TransientApiException(what + ": rate limited (429), not applied", 429, text, null);
            }
            // the API route's redelivery waits this long before it sends the request again
            out.setHeader(Exchange.REDELIVERY_DELAY, waitMillis);
            throw new RateLimitedException(what + ": rate limited (429)", waitMillis, text);
        }
        if (status >= 500) {
            throw transientOrUncertain(what + ": " + status + " " + snippet(text), status, snippet(text), null,
                    kind == ApiCall.Kind.CREATE);
        }
        if (status < 200 || status >= 300) {
            throw new ApiException(what + ": " + status + " " + text, status, text, null);
        }
        String unreadable = unreadable(text);
        if (unreadable != null) {
            // an HTML error page with status 200 is what proxies and outages produce; a cut answer may follow a
            // write that was applied
            throw transientOrUncertain(what + ": " + status + " with a body that is not JSON ("
                    + out.getHeader(Exchange.CONTENT_TYPE) + ", " + text.length() + " characters): " + unreadable,
                    0, "", null, kind == ApiCall.Kind.CREATE);
        }
        out.setHeader(SERVER_TIME, serverTime(out));
        out.setBody(body.isBlank() ? "{}" : body);
    }

    /**
     * Whether a failure is the service's refusal of the request (a 4xx other than 429), told by the first
     * {@link ApiException} in its causes: a doCatch catches an exception that Camel wrapped (a split's
     * CamelExchangeException) by its cause, so its condition must look there too, or a transient failure wrapped
     * would count as a refusal.
     */
    public static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException answer) {
                return !(answer instanceof TransientApiException);
            }
        }
        return false;
    }

    /**
     * The I/O failure the request route's doCatch caught, which Camel may have wrapped (the catch matches it among
     * the causes): classified by itself, so that a connection refused, wrapped or not, is a request never sent.
     */
    private static Exception transportFailure(Exception caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return caught;
    }

    /** A batch of more than one record refused ({@link #refused}): written record by record instead. */
    public static boolean refusedBatch(Throwable failure, int records) {
        return records > 1 && refused(failure);
    }

    private static TransientApiException transientOrUncertain(String message, int status, String body,
                                                              Throwable cause, boolean maybeApplied) {
        return maybeApplied
                ? new UncertainWriteException(message + " (the service may have applied it)", status, body, cause)
                : new TransientApiException(message, status, body, cause);
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
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /**
     * Null when the text is one well-formed JSON value (or empty); else why not, without the lead data a cut
     * listing is full of (names, emails): for cut JSON only where it broke off; for anything else (an HTML error
     * page from a proxy) its beginning.
     */
    private static String unreadable(String text) {
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            return null;
        } catch (JsonProcessingException e) {
            String trimmed = text.stripLeading();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                JsonLocation at = e.getLocation();
                return "JSON cut or damaged" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                        + at.getColumnNr()) + " (" + e.getClass().getSimpleName() + ")";
            }
            return snippet(text);
        } catch (IOException e) {
            return e.getClass().getSimpleName();
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

    private static String snippet(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }

    private static long elapsedMillis(Exchange exchange) {
        return (System.nanoTime() - exchange.getProperty(BudgetGate.SENT_AT, System.nanoTime(), Long.class)) / 1_000_000;
    }
}
