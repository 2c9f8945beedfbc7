package io.leadsync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;

/**
 * Sends one request to a service's API route ({@code direct:trello-api}, ...), which does the plumbing: credentials,
 * rate budget, the HTTP call, the classification of failures, 429 waits and read retries. What comes back is the
 * answer, or the route's exception as it was thrown.
 */
public final class ApiCall {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a request may be repeated after a 5xx, a timeout or a 429. */
    public enum Kind {
        /** A read: retried by the API route with backoff. */
        READ,
        /** A write that sets absolute values (PUT/PATCH, set field): safe to repeat, the push route redelivers it. */
        IDEMPOTENT_WRITE,
        /**
         * An idempotent write decided on a check made just before it (a move, a status): a 429 is not waited out
         * and resent by the API route but handed back, so that the check is made again after the wait.
         */
        CHECKED_WRITE,
        /** A create: repeating it could duplicate, so a failure that may have been applied is uncertain. */
        CREATE
    }

    private final FluentProducerTemplate template;
    private final String route;

    public ApiCall(CamelContext context, String route) {
        this.template = context.createFluentProducerTemplate();
        this.route = route;
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
        Exchange result = template.to(route).withExchange(exchange(method, path, query, body, kind)).send();
        if (result.getException() != null) {
            throw failure(result, method + " " + path);
        }
        try {
            return new ApiResponse(result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                    JSON.readTree(result.getMessage().getBody(String.class)),
                    result.getMessage().getHeader(ApiFailures.SERVER_TIME, 0L, Long.class));
        } catch (JsonProcessingException e) {
            throw new TransientApiException(method + " " + path + ": unreadable answer", 0, "", e);
        }
    }

    private Exchange exchange(String method, String path, String query, Object body, Kind kind) {
        Exchange exchange = template.getCamelContext().getEndpoint(route).createExchange();
        exchange.setProperty(ApiFailures.KIND, kind.name());
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        if (query != null && !query.isEmpty()) {
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
        }
        if (body != null) {
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(toJson(body));
        }
        return exchange;
    }

    /**
     * The route's exception as thrown; anything else (Camel refusing a redelivery while stopping) means the request
     * was not completed and may be tried in a later run.
     */
    static RuntimeException failure(Exchange result, String what) {
        Exception e = result.getException();
        return e instanceof ApiException api ? api
                : new TransientApiException(what + ": not completed (" + e.getClass().getSimpleName()
                + "), leadsync is stopping or the route failed", 0, "", e);
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
