package io.leadsync.clickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.leadsync.http.ApiCall;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task reads (routes/clickup-reads.camel.yaml) over the ClickUp API route whose HTTP step answers from a
 * script: what is pinned is which pages are asked for, when the paging ends, and what the cycle's reads return.
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
        start(answers);
        return new ApiCall(context, "clickup").pages("direct:clickup-read-tasks", "/api/v2/list/l1/task", filter,
                ClickUpBodies.TasksPage.class).body();
    }

    /** The ClickUp routes, the n-th request (from 0) answered with {@code answers}; the overlap is 2 s. */
    private void start(Function<Integer, String> answers) throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.clickup.url", "http://clickup.invalid");
        p.put("leadsync.clickup.token", "pk_test");
        p.put("leadsync.clickup.requests-per-minute", "10000");
        p.put("leadsync.clickup.rate-limit-penalty", "10000");
        context = ScriptedApi.start("clickup", p, e -> {
            queries.add(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class));
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getIn().setBody(answers.apply(queries.size() - 1));
        }, c -> c.getRegistry().bind("clickupTracker", new ClickUpTracker(new ApiCall(c, "clickup"), "Leads",
                "Record", 2000)), "clickup-reads");
    }

    /** What the route the cycle calls returns, given the cursor. */
    private TrackerRead read(String route, String cursor) {
        Exchange done = context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "clickup"); // the cycle's pair: its list is the bean clickupTracker
            e.setProperty(WorkTracker.CURSOR, cursor);
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(TrackerRead.class);
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
    void aReadOfChangesAsksForTheTasksUpdatedSinceTheCursorLessTheOverlap() throws Exception {
        start(n -> page(n == 1, "t" + n));

        TrackerRead read = read("direct:clickup-read-changes", "10000");

        assertThat(queries).containsExactly("include_closed=true&subtasks=true&date_updated_gt=8000&page=0",
                "include_closed=true&subtasks=true&date_updated_gt=8000&page=1");
        assertThat(read.items()).extracting(TrackerItem::id).containsExactly("t0", "t1");
        assertThat(read.complete()).isFalse();
        assertThat(Long.parseLong(read.cursor())).as("when the first page was answered").isGreaterThan(10000);
    }

    @Test
    void aFullReadAsksForEveryTaskAndIsComplete() throws Exception {
        start(n -> page(true, "t" + n));

        TrackerRead read = read("direct:clickup-read-all", "10000");

        assertThat(queries).containsExactly("include_closed=true&subtasks=true&page=0");
        assertThat(read.items()).extracting(TrackerItem::id).containsExactly("t0");
        assertThat(read.complete()).isTrue();
    }

    @Test
    void anEmptyPageEndsThePagingEvenWhenItDoesNotSayItIsTheLast() throws Exception {
        List<ClickUpBodies.TasksPage> pages = pages("include_closed=true", n -> n == 0 ? page(false, "t0")
                : page(false));

        assertThat(pages).hasSize(2);
        assertThat(queries).hasSize(2);
    }
}
