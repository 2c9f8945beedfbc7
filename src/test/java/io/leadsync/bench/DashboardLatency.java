package io.leadsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.Browser;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/**
 * How long the dashboard takes to show a change made on either side, in a real headless Chromium against leadsync in
 * sandbox mode with the shipped cadence (webhooks on, 5 s poll interval, 250 ms tick; the page reads every 1.5 s):
 * from the edit in an emulator to the activity log's row of leadsync carrying it over. Then the API calls leadsync
 * makes in a minute while idle, with the dashboard open and with it closed. A figure, not a test:
 * {@code mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.leadsync.bench.DashboardLatency}
 * (-Dbench.changes=10 per side).
 */
public final class DashboardLatency {

    private DashboardLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = Integer.getInteger("bench.changes", 10);
        Path dataDir = Files.createTempDirectory("leadsync-dashboard-latency");
        try (LeadsyncRun app = LeadsyncRun.inSandboxMode(dataDir).withManagement()
                .with("leadsync.poll-interval", "5000").with("leadsync.tick", "250")
                .with("leadsync.webhooks.safety-poll", "300000").start();
             Browser browser = Browser.open()) {
            Sandboxes sandbox = Sandboxes.inside(app);
            browser.go(app.managementUrl() + "/#pair=trello");
            browser.untilText("[data-test=pair][data-pair=trello] [data-test=health-reason]", "last cycle");
            waitFor(() -> sandbox.openCardsByLead().size() >= 8);
            List<Long> fromTrello = new ArrayList<>();
            List<Long> fromAirtable = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                Map.Entry<String, List<CardSnapshot>> linked = sandbox.openCardsByLead().entrySet().iterator().next();
                String lead = linked.getKey();
                String card = linked.getValue().get(0).id();
                String target = linked.getValue().get(0).listName().equals("DONE") ? "TODO" : "DONE";
                String status = target.equals("DONE") ? "QUALIFIED" : "NEW";
                search(browser, lead);
                long moved = System.nanoTime();
                sandbox.trello.control().moveCard(card, target);
                browser.until("the lead's write shown", d -> rowWith(browser, "status-written", status));
                fromTrello.add((System.nanoTime() - moved) / 1_000_000);

                String back = status.equals("QUALIFIED") ? "NEW" : "QUALIFIED";
                String list = back.equals("QUALIFIED") ? "DONE" : "TODO";
                long edited = System.nanoTime();
                sandbox.setLead(lead, "Status", back);
                browser.until("the card's move shown", d -> rowWith(browser, "moved", list));
                fromAirtable.add((System.nanoTime() - edited) / 1_000_000);
            }
            System.out.println("BENCH dashboard shows a Trello move (lead written) after ms: " + summary(fromTrello));
            System.out.println("BENCH dashboard shows an Airtable edit (card moved) after ms: " + summary(fromAirtable));

            sandbox.airtable.resetCalls();
            sandbox.trello.resetCalls();
            Thread.sleep(60_000); // a bench waits for real time to pass: idle calls per minute, dashboard open
            int open = sandbox.airtable.totalCalls() + sandbox.trello.totalCalls();
            browser.go("about:blank");
            sandbox.airtable.resetCalls();
            sandbox.trello.resetCalls();
            Thread.sleep(60_000);
            int closed = sandbox.airtable.totalCalls() + sandbox.trello.totalCalls();
            System.out.println("BENCH idle API calls in 60 s: dashboard open " + open + ", closed " + closed);
        }
    }

    private static void search(Browser browser, String lead) {
        var box = browser.driver.findElement(org.openqa.selenium.By.cssSelector("[data-test=activity-search]"));
        box.clear();
        box.sendKeys(lead);
    }

    /** The activity log's newest row is of this event and names this value. */
    private static boolean rowWith(Browser browser, String event, String value) {
        var rows = browser.all("[data-test=activity-row]");
        return !rows.isEmpty() && rows.get(0).getText().contains(event) && rows.get(0).getText().contains(value);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new IllegalStateException("the first sync did not finish in 60 s");
            }
            Thread.sleep(200);
        }
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return "p50 " + sorted.get(sorted.size() / 2) + ", max " + sorted.get(sorted.size() - 1) + " (" + sorted.size()
                + " changes: " + millis + ")";
    }
}
