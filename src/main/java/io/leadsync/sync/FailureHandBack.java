package io.leadsync.sync;

import io.leadsync.change.Change;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;

/**
 * The step of a push route's {@code doCatch} around a request: it hands the API route's failure back, as the
 * change's failure, to the push route's error handler (sync-errors.camel.yaml), which tells an uncertain create, a
 * transient failure (redelivered from the change's route, its check included) and a refusal apart. Without it the
 * failure would pass that handler by: the API route's own error handler (429 waits, read retries) marked it as
 * handled by an error handler, and Camel lets one failure reach only one (and keeps its "not handled" verdict). The change goes back into the body, where
 * the handler's steps read it (the request or the answer was there).
 */
public final class FailureHandBack {

    public void handBack(Exchange exchange, @Variable("change") Change change) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.removeProperty(Exchange.EXCEPTION_HANDLED);
        // the marks the API route's error handler left: "handled by an error handler", "not handled"
        exchange.getExchangeExtension().setFailureHandled(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        exchange.getMessage().setBody(change);
        exchange.setException(failure);
    }
}
