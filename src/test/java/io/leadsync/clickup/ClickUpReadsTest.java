package io.leadsync.clickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.leadsync.http.ApiCall;
import io.leadsync.support.ScriptedApi;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task pages route (routes/clickup-reads.camel.yaml) over the ClickUp API route whose HTTP step answers from a
 * script: what is pinned is which pages are asked for, and when the paging ends.
 */
class ClickUpReadsTest {

    /** The query of each request sent, in order. */
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** The pages read for {@code filter} when the n-th request (from 0) is answered with {@code answers}. */
    private List<ClickUpBodies.TasksPage> pages(String filter, Function<Integer, String> answers) throws Exception {
        Properties p = new Properties();
        p.put("leadsync.clickup.url", "http://clickup.invalid");
        p.put("leadsync.clickup.token", "pk_test");
        p.put("leadsync.clickup.requests-per-minute", "10000");
        p.put("leadsync.clickup.rate-limit-penalty", "10000");
        p.put("leadsync.retry.read-attempts", "1");
        p.put("leadsync.retry.read-delay", "10");
        p.put("leadsync.retry.rate-limit-waits", "1");
        context = ScriptedApi.start("clickup", p, e -> {
            queries.add(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class));
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getIn().setBody(answers.apply(queries.size() - 1));
        }, c -> c.getRegistry().bind("clickupTracker", new ClickUpTracker(new ApiCall(c, "clickup"), "Leads",
                "Record", 0)), "clickup-reads");
        return new ApiCall(context, "clickup").pages("direct:clickup-read-tasks", "/api/v2/list/l1/task", filter,
                ClickUpBodies.TasksPage.class).body();
    }

    private static String page(boolean last, String... ids) {
        StringBuilder tasks = new StringBuilder();
        for (String id : ids) {
            tasks.append(tasks.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\",\"name\":\"")
                    .append(id).append("\"}");
        }
        return "{\"tasks\":[" + tasks + "],\"last_page\":" + last + "}";
    }

    @Test
    void pagesAreReadUntilOneSaysItIsTheLast() throws Exception {
        List<ClickUpBodies.TasksPage> pages = pages("include_closed=true", n -> page(n == 2, "t" + n));

        assertThat(pages).flatMap(ClickUpBodies.TasksPage::tasks).extracting(ClickUpBodies.Task::id)
                .containsExactly("t0", "t1", "t2");
        assertThat(queries).containsExactly("include_closed=true&page=0", "include_closed=true&page=1",
                "include_closed=true&page=2");
    }

    @Test
    void anEmptyPageEndsThePagingEvenWhenItDoesNotSayItIsTheLast() throws Exception {
        List<ClickUpBodies.TasksPage> pages = pages("include_closed=true", n -> n == 0 ? page(false, "t0")
                : page(false));

        assertThat(pages).hasSize(2);
        assertThat(queries).hasSize(2);
    }
}
