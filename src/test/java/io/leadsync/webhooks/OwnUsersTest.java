package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.leadsync.http.ApiCall;
import io.leadsync.support.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * leadsync's own user on each service in use: one read each through the API routes, once learnt never asked again;
 * one that cannot be learnt is none (nothing taken for an echo), said once, and asked again at the next upkeep.
 */
class OwnUsersTest {

    final DefaultCamelContext context = new DefaultCamelContext();
    final List<String> sent = new ArrayList<>();
    /** How many of Airtable's next whoami reads fail. */
    final AtomicInteger airtableFailures = new AtomicInteger();
    OwnUsers users;

    @BeforeEach
    void services() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:trello-typed").process(e -> answer(e, new OwnUsers.Identified("5f00000000000000000000aa")));
                from("direct:clickup-typed").process(e -> answer(e,
                        new OwnUsers.ClickUpUser(new OwnUsers.Identified("183"))));
                from("direct:airtable-typed").process(e -> {
                    if (airtableFailures.getAndDecrement() > 0) {
                        sent.add("GET /v0/meta/whoami (failed)");
                        throw new IllegalStateException("503 from Airtable");
                    }
                    answer(e, new OwnUsers.Identified("usrSANDBOXUSER001"));
                });
            }
        });
        context.start();
        users = new OwnUsers(new WebhookUpkeep.Services(new ApiCall(context, "trello"),
                new ApiCall(context, "airtable"), new ApiCall(context, "clickup")), () -> Set.of("trello", "airtable"));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void answer(Exchange exchange, Object body) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        sent.add(exchange.getMessage().getHeader(Exchange.HTTP_METHOD) + " "
                + exchange.getMessage().getHeader(Exchange.HTTP_PATH) + (query == null ? "" : "?" + query));
        exchange.getMessage().setBody(body);
    }

    @Test
    void eachServiceInUseIsAskedOnceAndOnlyThose() {
        users.learn();
        users.learn();

        assertThat(sent).containsExactlyInAnyOrder("GET /1/members/me?fields=id", "GET /v0/meta/whoami");
        assertThat(users.id("trello")).isEqualTo("5f00000000000000000000aa");
        assertThat(users.id("airtable")).isEqualTo("usrSANDBOXUSER001");
        assertThat(users.id("clickup")).as("no pair uses ClickUp").isNull();
    }

    @Test
    void clickUpsUserIsTheAnswersUserId() {
        OwnUsers clickUp = new OwnUsers(new WebhookUpkeep.Services(new ApiCall(context, "trello"),
                new ApiCall(context, "airtable"), new ApiCall(context, "clickup")), () -> Set.of("clickup"));

        clickUp.learn();

        assertThat(sent).containsExactly("GET /api/v2/user");
        assertThat(clickUp.id("clickup")).isEqualTo("183");
    }

    @Test
    void aUserThatCannotBeLearntIsNoneSaidOnceAndAskedAgainAtTheNextUpkeep() {
        airtableFailures.set(2);

        String text;
        try (LogCapture log = LogCapture.start()) {
            users.learn();
            users.learn();
            assertThat(users.id("airtable")).isNull();
            users.learn();
            text = log.text();
        }

        assertThat(users.id("airtable")).isEqualTo("usrSANDBOXUSER001");
        assertThat(sent).filteredOn(r -> r.contains("whoami")).hasSize(3);
        assertThat(text.lines().filter(l -> l.startsWith("leadsync's own airtable user could not be learnt (")))
                .hasSize(1);
        assertThat(text).contains("every airtable delivery wakes its pair until it is")
                .contains("leadsync's own airtable user is usrSANDBOXUSER001");
    }
}
