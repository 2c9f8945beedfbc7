package io.leadsync.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;

/**
 * leadsync started in-process exactly as {@code java -jar} starts it (Camel Main, application.properties,
 * the YAML routes in ./routes), with test overrides, and stoppable/restartable mid-test.
 */
public final class LeadsyncRun implements AutoCloseable {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private Main main;

    public LeadsyncRun(Sandboxes sandboxes, Path dataDir) {
        properties.putAll(sandboxes.properties());
        properties.put("leadsync.data-dir", dataDir.toString());
        properties.put("leadsync.poll-interval", "200");
        properties.put("leadsync.overlap", "2000");
        properties.put("leadsync.retry.delay", "50");
        // longer than the emulators' DELAY fault (3 s): a create the client gave up on may still land until then
        properties.put("leadsync.uncertain-write-grace", "4000");
        properties.put("leadsync.sandbox.activity", "false");
        properties.put("camel.main.routes-reload-enabled", "false");
        properties.put("camel.component.http.response-timeout", "1500");
        properties.put("camel.component.http.so-timeout", "1500");
    }

    public LeadsyncRun with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Starts the application; a configuration error surfaces as the exception Camel Main would report. */
    public LeadsyncRun start() throws Exception {
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:application.properties");
        properties.forEach(main::addOverrideProperty);
        main.start();
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Waits until the pair's route has completed {@code cycles} more cycles. */
    public void awaitCycles(String pair, int cycles) {
        NotifyBuilder notify = new NotifyBuilder(context()).fromRoute(pair + "-sync").whenCompleted(cycles).create();
        if (!notify.matches(30, TimeUnit.SECONDS)) {
            throw new AssertionError(pair + " did not complete " + cycles + " cycles in 30 s");
        }
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
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
