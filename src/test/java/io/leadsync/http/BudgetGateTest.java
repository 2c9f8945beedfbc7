package io.leadsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The rate-budget step: a request waits for its permits; a checked write that waited longer than a short bound
 * after its last-moment check is not sent but handed back, to be checked again (a 429's pause held it, and what the
 * check saw may have changed meanwhile).
 */
class BudgetGateTest {

    final BudgetGate gate = new BudgetGate("airtable-base", 5, 1_000);
    final DefaultCamelContext context = new DefaultCamelContext();

    Exchange request(ApiCall.Kind kind) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(ApiFailures.KIND, kind.name());
        return exchange;
    }

    @Test
    void aCheckedWriteHeldBackByAPauseIsHandedBackUnsent() {
        Exchange first = request(ApiCall.Kind.READ);
        gate.acquire(first); // the budgets are made on the first request
        gate.release(first);
        gate.pauseUntil(System.currentTimeMillis() + BudgetGate.CHECKED_WRITE_MAX_WAIT_MILLIS + 500);

        Exchange write = request(ApiCall.Kind.CHECKED_WRITE);
        assertThatThrownBy(() -> gate.acquire(write)).isInstanceOf(TransientApiException.class)
                .hasMessageContaining("after its last-moment check: not sent, checked again");
        gate.release(write);
        assertThat(write.getProperty(BudgetGate.SENT_AT)).isNull();
    }
}
