package io.leadsync.config;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.leadsync.dryrun.StateCopy;
import io.leadsync.http.SecretMask;
import io.leadsync.sandbox.PortInUseException;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.state.DataDirLock;
import io.leadsync.state.PairStateFiles;
import io.leadsync.state.StateStorage;
import io.leadsync.webhooks.WebhookServer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first configuration class (camel.main.configuration-classes): masks the credentials in every log line, then
 * starts the sandbox when no Airtable token is configured (or leadsync.sandbox=true) and points the API settings
 * at its emulators, before anything reads them. A dry run (leadsync.dry-run) gets its copy of the data directory
 * here, before anything reads it; its sandbox has no simulated people and no webhooks.
 */
public final class SandboxStartup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxStartup.class);
    static final List<String> CREDENTIALS = List.of("leadsync.airtable.token", "leadsync.trello.key",
            "leadsync.trello.token", "leadsync.trello.secret", "leadsync.clickup.token", "leadsync.admin-token");

    @PropertyInject("leadsync.sandbox")
    private String mode;
    @PropertyInject("leadsync.data-dir")
    private String dataDir;
    @PropertyInject("leadsync.sandbox.reset")
    private boolean reset;
    @PropertyInject("leadsync.sandbox.airtable-port")
    private int airtablePort;
    @PropertyInject("leadsync.sandbox.trello-port")
    private int trelloPort;
    @PropertyInject("leadsync.sandbox.clickup-port")
    private int clickupPort;
    @PropertyInject("leadsync.sandbox.seed")
    private long seed;
    @PropertyInject("leadsync.sandbox.activity")
    private boolean activity;
    @PropertyInject("leadsync.sandbox.activity-interval")
    private long activityInterval;
    @PropertyInject(value = "leadsync.dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) throws Exception {
        SecretMask.install(); // before the first credential is read: Camel logs what it resolves at DEBUG
        ReloadErrorReport.install();
        Settings settings = new Settings(context);
        // masked in every log line from now on, even those the sandbox replaces
        SecretMask.hide(CREDENTIALS.stream().map(settings::optional).filter(Objects::nonNull).toList());
        if (dryRun) {
            // everything from here on reads and writes its state in a copy, deleted when the run stops (after the
            // sandbox, added later, has saved its own state there)
            StateCopy copy = StateCopy.of(Path.of(dataDir));
            context.addService(copy);
            LOG.info("dry run: reads both sides, plans, reports and stops; nothing is written to any service, and the "
                    + "state is read from a copy of {} that is deleted at the end", Path.of(dataDir).toAbsolutePath());
            dataDir = copy.path().toString();
            settings.set("leadsync.data-dir", dataDir);
        }
        // before anything reads or changes the state (a sandbox reset deletes it): one leadsync per data directory
        context.addService(DataDirLock.acquire(Path.of(dataDir), () -> context.isStarting() || context.isStarted()
                || context.isStopping()));
        StateStorage storage = StateStartup.open(context, settings, dataDir);
        boolean forced = "true".equalsIgnoreCase(mode);
        if (!forced && !("auto".equalsIgnoreCase(mode) && settings.optional("leadsync.airtable.token") == null)) {
            return;
        }
        List<String> unused = CREDENTIALS.stream().filter(k -> settings.optional(k) != null).toList();
        String why = !forced ? "no Airtable token configured"
                : "forced by leadsync.sandbox=true" + (unused.isEmpty() ? ""
                : ", the configured credentials (" + String.join(", ", unused) + ") are not used");
        // the shipped pairs and every pair that has state here (one added by a file of its own)
        Set<String> pairs = new LinkedHashSet<>(PairSpec.TRACKERS);
        pairs.addAll(PairStateFiles.pairsIn(storage));
        Path saved = Sandbox.prepare(dataDir, storage, reset, pairs);
        Sandbox box;
        try {
            // a dry run beside a running sandbox leadsync takes any free ports: its emulators serve it alone
            box = dryRun ? Sandbox.start(0, 0, 0, seed, saved)
                    : Sandbox.start(airtablePort, trelloPort, clickupPort, seed, saved);
        } catch (PortInUseException e) {
            throw new IllegalStateException(e.getMessage() + " (is leadsync already running?); set leadsync.sandbox."
                    + e.service() + "-port to a free port, or 0 for any", e);
        }
        context.addService(box);
        SecretMask.hide(List.of(SandboxCredentials.AIRTABLE_TOKEN, SandboxCredentials.TRELLO_KEY,
                SandboxCredentials.TRELLO_TOKEN, SandboxCredentials.CLICKUP_TOKEN));
        settings.set("leadsync.airtable.url", box.airtableUrl());
        settings.set("leadsync.airtable.token", SandboxCredentials.AIRTABLE_TOKEN);
        settings.set("leadsync.trello.url", box.trelloUrl());
        settings.set("leadsync.trello.key", SandboxCredentials.TRELLO_KEY);
        settings.set("leadsync.trello.token", SandboxCredentials.TRELLO_TOKEN);
        settings.set("leadsync.clickup.url", box.clickupUrl());
        settings.set("leadsync.clickup.token", SandboxCredentials.CLICKUP_TOKEN);
        // webhooks are on in the sandbox, on loopback: the emulators sign with the sandbox's Trello app secret
        SecretMask.hide(List.of(TrelloConfig.SANDBOX_APP_SECRET));
        settings.set("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET);
        if (settings.optional("leadsync.webhooks.public-url") == null && !dryRun) {
            int port = WebhookServer.resolvePort(Integer.parseInt(
                    Objects.requireNonNullElse(settings.optional("leadsync.webhooks.port"), "0")));
            settings.set("leadsync.webhooks.port", String.valueOf(port));
            settings.set("leadsync.webhooks.public-url", "http://127.0.0.1:" + port);
        }
        if (activity && !dryRun) {
            box.startActivity(activityInterval);
        }
        LOG.info(box.banner(why));
    }
}
