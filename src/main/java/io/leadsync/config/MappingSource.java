package io.leadsync.config;

import java.util.function.Supplier;

import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pair's current status mapping, looked up in the registry on every cycle: when the YAML file declaring
 * it is edited and reloaded, the new mapping is checked against the tracker and used from the next cycle on;
 * a broken edit is reported and the previous mapping stays in force.
 */
final class MappingSource implements Supplier<PairMapping> {

    private static final Logger LOG = LoggerFactory.getLogger(MappingSource.class);

    private final CamelContext context;
    private final String pair;
    private final String beanName;
    private final WorkTracker tracker;
    private PairMapping current;
    /** The last mapping found unusable and why: each state of the file is reported once, not every cycle. */
    private String rejected;

    MappingSource(CamelContext context, String pair, WorkTracker tracker) {
        this.context = context;
        this.pair = pair;
        this.beanName = pair + "Mapping";
        this.tracker = tracker;
    }

    /** Start-up: the mapping must exist and fit the tracker, else start-up stops with the reason. */
    void connect() {
        PairMapping mapping = lookup();
        if (mapping == null) {
            throw new IllegalStateException("No bean '" + beanName + "' (the " + pair + " status mapping); "
                    + "declare it in routes/" + pair + ".camel.yaml");
        }
        tracker.connect(mapping);
        current = mapping;
        LOG.info("{} connected; mapping {}", tracker.describe(), mapping);
        warnOfMissingReverse(mapping);
    }

    /** Said once per state of the mapping (start-up, each reload): what leadsync writes must map back. */
    private void warnOfMissingReverse(PairMapping mapping) {
        for (String bucket : mapping.statuses().bucketsWithoutReverse()) {
            LOG.warn("The {} mapping puts items into '{}' but has no trackerToLead entry for it: an item a person "
                    + "moves back there is reported and skipped, and lead and item disagree; add '{}: <status>' "
                    + "under trackerToLead in routes/{}.camel.yaml", pair, bucket, bucket, pair);
        }
    }

    @Override
    public synchronized PairMapping get() {
        PairMapping latest = lookup();
        if (latest != null && latest != current) {
            try {
                tracker.connect(latest);
                LOG.info("{} mapping changed: {}", pair, latest);
                current = latest;
                warnOfMissingReverse(latest);
                rejected = null;
            } catch (RuntimeException e) {
                String state = latest + " " + e.getMessage();
                if (state.equals(rejected)) {
                    return current; // tried again (the board may have changed), reported already
                }
                rejected = state;
                LOG.error("The edited {} mapping is not usable, keeping the previous one: {}", pair,
                        e.getMessage());
            }
        }
        return current;
    }

    /**
     * The bean as declared: a PairMapping, or a StatusMapping (the type of the bean before field mappings existed),
     * read as a mapping of statuses only. The wrapper is kept while the bean is the same, so that only an edit
     * counts as a change.
     */
    private PairMapping lookup() {
        Object bean = context.getRegistry().lookupByName(beanName);
        if (bean instanceof StatusMapping statuses) {
            return current != null && current.statuses() == statuses ? current : PairMapping.ofStatuses(statuses);
        }
        return bean instanceof PairMapping mapping ? mapping : null;
    }
}
