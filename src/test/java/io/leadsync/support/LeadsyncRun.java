package io.leadsync.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.webhooks.WebhookServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;

/**
 * leadsync started in-process exactly as {@code java -jar} starts it (Camel Main, application.properties,
 * the YAML routes in ./routes), with test overrides, and stoppable/restartable mid-test.
 */
public final class LeadsyncRun implements AutoCloseable {

    private final Map<String, String> properties = new LinkedHashMap<>();
    /** leadsync's clock (the bean "clock"), the emulators' one; the system clock when null. */
    private final Clock clock;
    private Main main;
    private final java.util.List<java.util.function.Consumer<CamelContext>> configured = new java.util.ArrayList<>();

    public LeadsyncRun(Sandboxes sandboxes, Path dataDir) {
        properties.putAll(testProperties(sandboxes, dataDir));
        this.clock = sandboxes.clock;
    }

    private LeadsyncRun(Map<String, String> properties) {
        this.properties.putAll(properties);
        this.clock = null;
    }

    /**
     * leadsync as a user without credentials runs it: against its own sandbox (on free ports, saved under the
     * data directory); {@link Sandboxes#inside(LeadsyncRun)} reaches its emulators.
     */
    public static LeadsyncRun inSandboxMode(Path dataDir) {
        Map<String, String> p = common(dataDir);
        p.put("leadsync.sandbox", "true");
        p.put("leadsync.sandbox.airtable-port", "0");
        p.put("leadsync.sandbox.trello-port", "0");
        p.put("leadsync.sandbox.clickup-port", "0");
        return new LeadsyncRun(p);
    }

    /** The emulators' URLs and credentials, fast polling and a 1.5 s HTTP timeout (emulator delays are 3 s). */
    public static Map<String, String> testProperties(Sandboxes sandboxes, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>(sandboxes.properties());
        p.putAll(common(dataDir));
        return p;
    }

    private static Map<String, String> common(Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("leadsync.data-dir", dataDir.toString());
        p.put("leadsync.poll-interval", "200");
        p.put("leadsync.tick", "50");
        p.put("leadsync.overlap", "2000");
        p.put("leadsync.retry.delay", "50");
        p.put("leadsync.sandbox.activity", "false");
        p.put("camel.main.routes-reload-enabled", "false");
        p.put("camel.component.http.response-timeout", "1500");
        p.put("camel.component.http.so-timeout", "1500");
        p.put("leadsync.uncertain-create-wait", "4000");
        // on in sandbox mode: any free port, so parallel runs do not collide
        p.put("leadsync.webhooks.port", "0");
        // the management server (health, metrics, dashboard) only where a test asks for it: withManagement()
        p.put("leadsync.management.enabled", "false");
        // polls as often with healthy webhooks as without: tests count cycles (a test of the safety net sets it)
        p.put("leadsync.webhooks.safety-poll", "200");
        return p;
    }

    /** Runs {@code hook} on the context once leadsync has configured it, before it starts. */
    public LeadsyncRun afterConfigure(java.util.function.Consumer<CamelContext> hook) {
        configured.add(hook);
        return this;
    }

    public LeadsyncRun with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * Webhooks on at loopback on a free port (Trello's signed with the sandbox's app secret), the safety net polling
     * every {@code safetyPollMillis} while they are healthy.
     */
    public LeadsyncRun withWebhooks(long safetyPollMillis) throws IOException {
        int port = WebhookServer.resolvePort(0);
        return with("leadsync.webhooks.port", String.valueOf(port))
                .with("leadsync.webhooks.public-url", "http://127.0.0.1:" + port)
                .with("leadsync.webhooks.safety-poll", String.valueOf(safetyPollMillis))
                .with("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET);
    }

    /** The management server (health, metrics, the dashboard) on at loopback on a free port. */
    public LeadsyncRun withManagement() throws IOException {
        return with("leadsync.management.enabled", "true")
                .with("leadsync.management.port", String.valueOf(WebhookServer.resolvePort(0)));
    }

    /** The management server's address with {@link #withManagement}, e.g. http://127.0.0.1:41234, or null. */
    public String managementUrl() {
        return "true".equals(properties.get("leadsync.management.enabled"))
                ? "http://127.0.0.1:" + properties.get("leadsync.management.port") : null;
    }

    /** The address the services call with webhooks on ({@link #withWebhooks}), or null. */
    public String webhooksUrl() {
        return properties.get("leadsync.webhooks.public-url");
    }

    /** Starts the application; a configuration error surfaces as the exception Camel Main would report. */
    public LeadsyncRun start() throws Exception {
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:application.properties");
        properties.forEach(main::addOverrideProperty);
        if (clock != null) {
            main.bind("clock", clock);
        }
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport configuredMain) {
                configured.forEach(hook -> hook.accept(configuredMain.getCamelContext()));
            }
        });
        main.start();
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Waits until the pair's route has completed {@code cycles} more cycles. */
    public void awaitCycles(String pair, int cycles) {
        if (!cycles(pair, cycles).matches(30, TimeUnit.SECONDS)) {
            throw new AssertionError(pair + " did not complete " + cycles + " cycles in 30 s");
        }
    }

    /** Matches once the pair's route has completed {@code cycles} more cycles, counted from now. */
    public NotifyBuilder cycles(String pair, int cycles) {
        // a tick that was not due stops before it names its pair: only cycles count; and only the cycle's own
        // exchange (the push's split makes one per change, each completed with its pair and its route)
        return new NotifyBuilder(context()).fromRoute(pair + "-sync")
                .filter(exchange -> exchange.getProperty("pair") != null
                        && exchange.getProperty(Exchange.CORRELATION_ID) == null)
                .whenCompleted(cycles).create();
    }

    /** Waits until leadsync has stopped by itself (a dry run does, once every enabled pair has reported). */
    public void awaitStoppedByItself() {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!context().isStopped()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("leadsync did not stop by itself in 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    /**
     * The harshest stop a JVM can do to itself: in-flight exchanges are not waited for (the shutdown gives
     * up after 1 ms and forces the routes down, so a cycle is cut wherever it is: between a create and its
     * link, in the middle of a batch). Returns once the old cycle's thread has ended, so that no write of the
     * stopped instance can land after the next one started (a real crash guarantees that too).
     * <p>
     * Also how a test ends its run: nothing is asserted after that, and a graceful stop with a cycle in flight
     * costs a second (Camel looks at the in-flight exchanges once a second).
     */
    public void crash() {
        if (main == null) {
            return;
        }
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) { // start-up failed: nothing runs that a crash could cut
            stop();
            return;
        }
        org.apache.camel.spi.ShutdownStrategy shutdown = context.getShutdownStrategy();
        shutdown.setTimeUnit(TimeUnit.MILLISECONDS);
        shutdown.setTimeout(1);
        shutdown.setShutdownNowOnTimeout(true);
        shutdown.setSuppressLoggingOnTimeout(true);
        String timerThreads = threadPrefix() + " ";
        main.stop();
        main = null;
        awaitThreadsGone(timerThreads);
    }

    /** "Camel (camel-7)": how this instance's threads are named (not after camel.main.name). */
    public String threadPrefix() {
        String probe = context().getExecutorServiceManager().resolveThreadName("probe");
        return probe.substring(0, probe.indexOf(" thread #"));
    }

    private static void awaitThreadsGone(String contextMarker) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && t.getName().contains(contextMarker) && t.getName().contains("timer://"))) {
            if (System.currentTimeMillis() > deadline) {
                StringBuilder where = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    if (t.getName().contains(contextMarker) && t.getName().contains("timer://")) {
                        where.append("\n").append(t.getName());
                        for (StackTraceElement frame : stack) {
                            where.append("\n\tat ").append(frame);
                        }
                    }
                });
                throw new AssertionError("the crashed instance's sync thread did not end in 30 s:" + where);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public LeadsyncRun restart() throws Exception {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }
}
