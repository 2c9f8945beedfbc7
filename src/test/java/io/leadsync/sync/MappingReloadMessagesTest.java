package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken edit of a route file is reported once, in one line, and the sync goes on with the previous mapping. */
class MappingReloadMessagesTest extends SyncScenario {

    @TempDir
    Path routesDir;

    MappingReloadMessagesTest() {
        super(37);
    }

    private LeadsyncRun reloading() {
        return new LeadsyncRun(sandboxes, dataDir)
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml");
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void invalidYamlIsOneLineWithFileLineAndColumnAndThePreviousMappingStays() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        try (LogCapture log = LogCapture.start()) {
            app = reloading().start();
            app.awaitCycles("trello", 1);
            List<String> lines = java.nio.file.Files.readAllLines(routesDir.resolve("trello.camel.yaml"));
            // the parser notices the unclosed "[" on the line after it
            int reportedLine = lines.indexOf(lines.stream().filter(l -> l.contains("IN_PROGRESS: TODO")).findFirst()
                    .orElseThrow()) + 2;
            routes.replace("trello.camel.yaml", "IN_PROGRESS: TODO", "IN_PROGRESS: [TODO");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("the previous mapping stays in force"));
            app.awaitCycles("trello", 3);
            String text = log.text();
            assertThat(text.lines().filter(l -> l.contains("the previous mapping stays in force")))
                    .singleElement().asString().contains("trello.camel.yaml", "line " + reportedLine + ",", "column");
            assertThat(text).doesNotContain("\tat ", "Caused by");
        }
    }

    @Test
    void anUnusableMappingIsReportedOncePerStateOfTheFile() throws Exception {
        RoutesCopy routes = RoutesCopy.of(routesDir);
        try (LogCapture log = LogCapture.start()) {
            app = reloading().start();
            app.awaitCycles("trello", 1);
            routes.replace("trello.camel.yaml", "QUALIFIED: DONE", "QUALIFIED: Won");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("list 'Won'"));
            app.awaitCycles("trello", 4);
            routes.replace("trello.camel.yaml", "QUALIFIED: Won", "QUALIFIED: Lost");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("list 'Lost'"));
            app.awaitCycles("trello", 4);
            String text = log.text();
            assertThat(count(text, "list 'Won'")).as(text).isEqualTo(1);
            assertThat(count(text, "list 'Lost'")).as(text).isEqualTo(1);
        }
    }
}
