package io.leadsync.sync;

import io.leadsync.change.Change;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;

/**
 * Steps of a push route's {@code doCatch} around a request. The API route's own error handler (429 waits, read
 * retries) marks a failure as handled by an error handler, not handled, and Camel lets such a failure reach no
 * other error handler: without these steps it would pass the push route's (sync-errors.camel.yaml) by, and so would
 * any later failure of the same change.
 */
public final class FailureHandBack {

    /** A failure the route handles itself (a 404, a refused batch): the API route's marks are cleared. */
    public void caught(Exchange exchange) {
        exchange.removeProperty(Exchange.EXCEPTION_HANDLED);
        exchange.getExchangeExtension().setFailureHandled(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
    }

    /**
     * Any other failure: handed back, as the change's failure, to sync-errors, which tells an uncertain create, a
     * transient failure (redelivered from the change's route, its check included) and a refusal apart. The change
     * goes back into the body, where that handler's steps read it (the request or the answer was there).
     */
    public void handBack(Exchange exchange, @Variable("change") Change change) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        caught(exchange);
        exchange.getMessage().setBody(change);
        exchange.setException(failure);
    }
}
