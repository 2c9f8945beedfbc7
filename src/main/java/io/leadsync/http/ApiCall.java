package io.leadsync.http;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.Message;

/**
 * Sends one typed request to a service's routes ({@code direct:trello-typed} and its API route), which do the
 * plumbing: credentials, rate budget, the HTTP call, the classification of failures, 429 waits, read retries and
 * JSON both ways. What comes back is the answer as the record class asked for, or the route's exception as thrown.
 */
public final class ApiCall {

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

    /** @param service airtable, trello or clickup: its routes are direct:&lt;service&gt;-typed and -api */
    public ApiCall(CamelContext context, String service) {
        this.template = context.createFluentProducerTemplate();
        this.route = "direct:" + service + "-typed";
    }

    public <T> ApiResponse<T> get(String path, String query, Class<T> answer) {
        return call("GET", path, query, null, Kind.READ, answer);
    }

    /**
     * Sends one request.
     *
     * @param query raw (already encoded) query string without credentials, or null
     * @param body  a request record (marshalled to JSON), or null
     */
    public <T> ApiResponse<T> call(String method, String path, String query, Object body, Kind kind, Class<T> answer) {
        Exchange exchange = template.getCamelContext().getEndpoint(route).createExchange();
        prepare(exchange, method, path, query, body, kind, answer);
        return send(route, exchange, method + " " + path, answer);
    }

    /**
     * Every page of a read that pages (a route of routes/&lt;service&gt;-reads.camel.yaml, which sends each page
     * through the typed route); the server time is the first page's.
     *
     * @param query raw (already encoded) query string of the first page, without credentials
     */
    @SuppressWarnings("unchecked")
    public <T> ApiResponse<List<T>> pages(String readRoute, String path, String query, Class<T> page) {
        Exchange exchange = template.getCamelContext().getEndpoint(readRoute).createExchange();
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
        return (ApiResponse<List<T>>) (ApiResponse<?>) send(readRoute, exchange, "GET " + path, List.class);
    }

    private <T> ApiResponse<T> send(String uri, Exchange exchange, String what, Class<T> answer) {
        Exchange result = template.to(uri).withExchange(exchange).send();
        if (result.getException() != null) {
            throw failure(result.getException(), what);
        }
        return new ApiResponse<>(result.getMessage().getBody(answer),
                result.getMessage().getHeader(ApiFailures.SERVER_TIME, 0L, Long.class));
    }

    /**
     * Puts one request on an exchange as {@code direct:<service>-typed} takes it: method, path and query headers,
     * how it may be repeated, the record class of the answer, and the request record (or null) as the body. A
     * route's mapping step calls it too (TrelloRequests and the like), so the request is made in one place.
     */
    public static void prepare(Exchange exchange, String method, String path, String query, Object body, Kind kind,
                               Class<?> answer) {
        exchange.setProperty(ApiFailures.KIND, kind.name());
        Message in = exchange.getMessage();
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setHeader(Exchange.HTTP_PATH, path);
        if (query != null && !query.isEmpty()) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        } else {
            in.removeHeader(Exchange.HTTP_QUERY); // none left over from an earlier request of the same exchange
        }
        // by name: camel-jackson reads the header as text
        in.setHeader("CamelJacksonUnmarshalType", answer.getName());
        in.setBody(body);
    }

    /**
     * The route's exception as thrown; anything else (Camel refusing a redelivery while stopping, an answer that
     * does not fit the record) means the request was not completed and may be tried again later.
     */
    private static RuntimeException failure(Exception e, String what) {
        return e instanceof ApiException api ? api
                : new TransientApiException(what + ": not completed (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + SecretMask.masked(firstLine(e.getMessage()))) + ")", 0, "", e);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
