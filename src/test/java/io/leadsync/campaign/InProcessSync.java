package io.leadsync.campaign;

import java.nio.file.Path;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/** leadsync in this JVM ({@link LeadsyncRun}); a crash is a forced stop that does not wait for the cycle. */
final class InProcessSync implements SyncUnderTest {

    private final String pair;
    private final LeadsyncRun run;
    private boolean running;
    private final java.util.concurrent.atomic.AtomicInteger cycles = new java.util.concurrent.atomic.AtomicInteger();

    InProcessSync(Sandboxes sandboxes, Path dataDir, String pair, long seed) {
        this.pair = pair;
        this.run = new LeadsyncRun(sandboxes, dataDir);
        Scenario.campaignSettings(pair).forEach(run::with);
        run.with("camel.main.name", "leadsync-" + pair + "-" + seed);
    }

    @Override
    public void start() throws Exception {
        try {
            run.start();
        } catch (Exception e) {
            run.stop();
            throw e;
        }
        running = true;
        run.context().getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent done
                        && (pair + "-sync").equals(done.getExchange().getFromRouteId())) {
                    cycles.incrementAndGet();
                }
            }
        });
    }

    @Override
    public void stop() {
        if (running) {
            run.stop();
            running = false;
        }
    }

    @Override
    public void crash() {
        if (running) {
            run.crash();
            running = false;
        }
    }

    @Override
    public String crashKind() {
        return "in-process forced stop";
    }

    @Override
    public int cyclesCompleted() {
        return cycles.get();
    }

    @Override
    public void awaitCycles(int cycles) {
        run.awaitCycles(pair, cycles);
    }

    io.leadsync.mapping.StatusMapping mapping() {
        return run.context().getRegistry().lookupByNameAndType(pair + "Mapping", io.leadsync.mapping.StatusMapping.class);
    }
}
