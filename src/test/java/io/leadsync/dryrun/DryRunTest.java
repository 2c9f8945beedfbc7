package io.leadsync.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * leadsync.dry-run=true against the emulators: it reads both sides, reports the plan (log, JSON file, the
 * planPreviews bean) and stops by itself, having sent no request but reads and changed nothing under the data
 * directory; the plan is what a normal run then does.
 */
class DryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDryRunOfTheFirstSyncListsEveryCreateReadsOnlyAndANormalRunThenMakesExactlyThoseCards() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(7)) {
            Path data = dir.resolve("data");
            Path report = dir.resolve("plan.json");
            Set<String> cardsBefore = cardIds(sandboxes);

            Map<EmulatorServer, Integer> journals = journalSizes(sandboxes);
            JsonNode preview = dryRun(sandboxes, data, report).path("previews").path("trello");

            List<String> toCreate = records(preview.path("creates"));
            assertThat(toCreate).isNotEmpty().doesNotHaveDuplicates();
            assertThat(preview.path("reason").asText()).isEqualTo("dry run");
            assertOnlyReadsSince(journals);
            assertThat(data).as("a dry run makes no data directory").doesNotExist();

            try (LeadsyncRun run = new LeadsyncRun(sandboxes, data).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> cardIds(sandboxes).size()
                        >= cardsBefore.size() + toCreate.size());
                run.awaitCycles("trello", 3); // and nothing more
            }
            Map<String, String> made = sandboxes.trello.control().cards(sandboxes.boardId()).stream()
                    .filter(c -> !cardsBefore.contains(c.id()))
                    .collect(Collectors.toMap(c -> Sandboxes.recordIdIn(c.desc()), TrelloControl.CardSnapshot::id));
            assertThat(made.keySet()).containsExactlyInAnyOrderElementsOf(toCreate);
        }
    }

    @Test
    void aDryRunOverExistingStateListsTheMovesAndLeadWritesAndLeavesEveryStateFileAsItWas() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(7)) {
            Path data = dir.resolve("data");
            try (LeadsyncRun run = new LeadsyncRun(sandboxes, data).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == 8);
                run.awaitCycles("trello", 3);
            }
            String lead = sandboxes.leads().stream().map(r -> r.id())
                    .filter(id -> "NEW".equals(sandboxes.status(id))).findFirst().orElseThrow();
            sandboxes.setLead(lead, "Status", "QUALIFIED");
            String moved = sandboxes.leads().stream().map(r -> r.id())
                    .filter(id -> "CONTACTED".equals(sandboxes.status(id))).findFirst().orElseThrow();
            sandboxes.trello.control().moveCard(sandboxes.cardOf(moved).id(), "DONE");
            Map<Path, String> before = hashes(data);
            Map<EmulatorServer, Integer> journals = journalSizes(sandboxes);

            JsonNode preview = dryRun(sandboxes, data, dir.resolve("plan.json")).path("previews").path("trello");

            assertThat(records(preview.path("moves"))).containsExactly(lead);
            assertThat(records(preview.path("airtableWrites"))).containsExactly(moved);
            assertThat(records(preview.path("creates"))).isEmpty();
            assertOnlyReadsSince(journals);
            assertThat(hashes(data)).as("every file under the data directory, byte for byte").isEqualTo(before);
            assertThat(sandboxes.status(moved)).isEqualTo("CONTACTED");
            assertThat(sandboxes.cardOf(lead).listName()).isEqualTo("TODO");
        }
    }

    @Test
    void inSandboxModeTheDryRunPlansTheSeededFirstSyncAndLeavesNoFileInTheDataDirectory() throws Exception {
        Path data = dir.resolve("data");
        Path report = dir.resolve("plan.json");
        // beside a running leadsync, which holds the management port and its sandbox's: a dry run opens no
        // management server and takes free ports for its emulators
        try (ServerSocket running = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LeadsyncRun run = LeadsyncRun.inSandboxMode(data).with("leadsync.dry-run", "true")
                     .with("leadsync.management.enabled", "true")
                     .with("leadsync.management.port", String.valueOf(running.getLocalPort()))
                     .with("leadsync.sandbox.trello-port", String.valueOf(running.getLocalPort()))
                     .with("leadsync.dry-run.report", report.toString()).start()) {
            run.awaitStoppedByItself();
        }

        assertThat(records(JSON.readTree(report.toFile()).path("previews").path("trello").path("creates")))
                .hasSize(8);
        assertThat(data).as("not even the sandbox's own files: they went to the run's copy").doesNotExist();
    }

    @Test
    void aDryRunThatCannotReadAPairStopsWithoutAPlanAndWritesNothing() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(7)) {
            sandboxes.trello.faults().inject(Fault.SERVER_ERROR_500, 20, "GET /1/boards/{id}/cards");
            Path report = dir.resolve("plan.json");
            Map<EmulatorServer, Integer> journals = journalSizes(sandboxes);
            DryRun[] dryRun = new DryRun[1];
            try (LeadsyncRun run = new LeadsyncRun(sandboxes, dir.resolve("data")).with("leadsync.dry-run", "true")
                    .with("leadsync.retry.read-delay", "10").with("leadsync.dry-run.report", report.toString())
                    .afterConfigure(c -> dryRun[0] = c.getRegistry().lookupByNameAndType("dryRun", DryRun.class))
                    .start()) {
                run.awaitStoppedByItself();
            }

            assertThat(dryRun[0].failed()).as("the exit code is 2").isTrue();
            assertThat(report).doesNotExist();
            assertOnlyReadsSince(journals);
        }
    }

    @Test
    void aRoutesFolderOlderThanTheDryRunStopsItBeforeAnyRequest() throws Exception {
        try (Sandboxes sandboxes = new Sandboxes(7)) {
            Path routes = Files.createDirectories(dir.resolve("routes"));
            RoutesCopy.of(routes).replace("sync-cycle.camel.yaml", "\"{{pair}}-report-plan\"", "\"{{pair}}-old-step\"");
            Map<EmulatorServer, Integer> journals = journalSizes(sandboxes);
            LeadsyncRun run = new LeadsyncRun(sandboxes, dir.resolve("data")).with("leadsync.dry-run", "true")
                    .with("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
            try (run) {
                assertThatThrownBy(run::start).hasStackTraceContaining("has no dry-run step (trello-report-plan)");
            }
            journals.forEach((service, from) -> assertThat(service.handled()).as(service.baseUrl()).hasSize(from));
        }
    }

    /** Runs leadsync with leadsync.dry-run=true until it stops by itself; its JSON report. */
    private static JsonNode dryRun(Sandboxes sandboxes, Path data, Path report) throws Exception {
        try (LeadsyncRun run = new LeadsyncRun(sandboxes, data).with("leadsync.dry-run", "true")
                .with("leadsync.dry-run.report", report.toString()).start()) {
            run.awaitStoppedByItself();
        }
        return JSON.readTree(report.toFile());
    }

    /** How many requests each emulator has acted on so far (its journal holds the last 50,000). */
    private static Map<EmulatorServer, Integer> journalSizes(Sandboxes sandboxes) {
        Map<EmulatorServer, Integer> sizes = new java.util.LinkedHashMap<>();
        for (EmulatorServer service : List.of(sandboxes.airtable, sandboxes.trello, sandboxes.clickup)) {
            sizes.put(service, service.handled().size());
        }
        return sizes;
    }

    private static void assertOnlyReadsSince(Map<EmulatorServer, Integer> journals) {
        journals.forEach((service, from) -> {
            List<EmulatorServer.Handled> since = service.handled().subList(from, service.handled().size());
            assertThat(since).as("requests %s acted on", service.baseUrl())
                    .allSatisfy(h -> assertThat(h.method()).as(h.path()).isEqualTo("GET"));
        });
        assertThat(journals.entrySet()).as("the dry run read something")
                .anyMatch(e -> e.getKey().handled().size() > e.getValue());
    }

    private static List<String> records(JsonNode entries) {
        return Stream.of(JSON.convertValue(entries, JsonNode[].class)).map(e -> e.path("record").asText()).toList();
    }

    private static Set<String> cardIds(Sandboxes sandboxes) {
        return sandboxes.trello.control().cards(sandboxes.boardId()).stream().map(TrelloControl.CardSnapshot::id)
                .collect(Collectors.toSet());
    }

    private static Map<Path, String> hashes(Path dir) throws IOException {
        Map<Path, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    hashes.put(dir.relativize(file), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return hashes;
    }
}
