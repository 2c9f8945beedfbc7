package io.leadsync.config;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.RecordFilter;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pair's current mapping, looked up in the registry on every cycle: when the YAML file declaring it is edited
 * and reloaded, the new mapping is checked against the Airtable table (its templates, fields and record filter) and
 * the tracker, and used from the next cycle on; a broken edit is reported and the previous mapping stays in force.
 * With leadsync.mapping-changes=preview a good edit is not used either: it is {@link #pending}, its plan previewed
 * once (routes/sync-cycle.camel.yaml), until an operator applies or discards it (routes/dry-run.camel.yaml); the
 * bean {@code <pair>MappingChange}.
 */
public final class MappingSource implements Supplier<PairMapping> {

    private static final Logger LOG = LoggerFactory.getLogger(MappingSource.class);

    private final CamelContext context;
    private final String pair;
    private final String beanName;
    private final WorkTracker tracker;
    private final ItemTemplate defaults;
    private final Supplier<Map<String, String>> table;
    private PairMapping current;
    /** With leadsync.mapping-changes=preview: an edit checked but not applied, and whether its plan was previewed. */
    private final boolean previewEdits;
    private PairMapping pending;
    private boolean previewed;
    /** A discarded edit, by its bean: left out until the file is edited again. */
    private Object discarded;
    /** The last mapping found unusable and why: each state of the file is reported once, not every cycle. */
    private String rejected;

    /**
     * @param pair     the pair's name: its mapping is the bean {@code <pair>Mapping}
     * @param defaults the pair's default templates, which a mapping's own override
     * @param table    the Airtable table's fields and their types, read when a mapping is checked
     * @param previewEdits an edit waits for {@link #apply} (leadsync.mapping-changes=preview)
     */
    MappingSource(CamelContext context, String pair, WorkTracker tracker, ItemTemplate defaults,
                  Supplier<Map<String, String>> table, boolean previewEdits) {
        this.previewEdits = previewEdits;
        this.context = context;
        this.pair = pair;
        this.beanName = pair + "Mapping";
        this.tracker = tracker;
        this.defaults = defaults;
        this.table = table;
    }

    /** The templates, fields and filter against the table, then the statuses and fields against the tracker. */
    private void check(PairMapping mapping) {
        Map<String, String> fields = table.get();
        defaults.with(mapping).check(pair, fields);
        checkFilter(mapping, fields.keySet());
        tracker.connect(mapping);
    }

    /**
     * Start-up: the mapping must exist and fit the tracker, its record filter the table, else start-up stops with
     * the reason.
     */
    void connect() {
        PairMapping mapping = lookup();
        if (mapping == null) {
            throw new IllegalStateException("No bean '" + beanName + "' (the " + pair + " status mapping); "
                    + "declare it in routes/" + pair + ".camel.yaml");
        }
        check(mapping);
        current = mapping;
        LOG.info("{} connected; mapping {}", tracker.describe(), mapping);
        warnOfMissingReverse(mapping);
    }

    /** The record filter must be readable and name fields of the table (as read now: one may have been added). */
    private void checkFilter(PairMapping mapping, java.util.Set<String> tableFields) {
        RecordFilter filter;
        try {
            filter = mapping.recordFilter();
            mapping.leaving();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The " + pair + " mapping's " + e.getMessage() + " (routes/"
                    + pair + ".camel.yaml)", e);
        }
        String unknown = filter.unknownField(tableFields);
        if (unknown != null) {
            throw new IllegalStateException("The " + pair + " mapping's filter names field '" + unknown
                    + "', which the Airtable table does not have; fields: " + String.join(", ",
                    new TreeSet<>(tableFields)) + " (routes/" + pair + ".camel.yaml)");
        }
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
        if (latest != null && latest != current && latest != pending && !isDiscarded()) {
            try {
                check(latest);
                if (previewEdits) {
                    tracker.connect(current); // the tracker keeps serving the mapping in force
                    pending = latest;
                    previewed = false;
                    rejected = null;
                    LOG.info("{} mapping edited: not applied (leadsync.mapping-changes=preview); its plan is previewed "
                            + "at the next cycle, then POST /api/pairs/{}/mapping/apply applies it (or /discard)",
                            pair, pair);
                    return current;
                }
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

    /** True when an edit waits to be previewed: its plan is made at the next cycle, from a full read. */
    public synchronized boolean previewDue() {
        get();
        return pending != null && !previewed;
    }

    /** The edit waiting to be applied, or null. */
    public synchronized PairMapping pending() {
        return pending;
    }

    /** The pending edit's plan was previewed. */
    public synchronized void previewed() {
        previewed = true;
    }

    /** Applies the pending edit from the next cycle on; what was done, in one line (null when none is pending). */
    public synchronized String apply() {
        if (pending == null) {
            return null;
        }
        tracker.connect(pending);
        current = pending;
        pending = null;
        warnOfMissingReverse(current);
        String done = pair + " mapping applied: " + current;
        LOG.info(done);
        return done;
    }

    /** Drops the pending edit, keeping the mapping in force; what was done, in one line (null when none is pending). */
    public synchronized String discard() {
        if (pending == null) {
            return null;
        }
        discarded = context.getRegistry().lookupByName(beanName);
        pending = null;
        String done = pair + " mapping edit discarded: the running mapping stays in force (" + current
                + "); edit routes/" + pair + ".camel.yaml again to propose another";
        LOG.info(done);
        return done;
    }

    private boolean isDiscarded() {
        Object bean = context.getRegistry().lookupByName(beanName);
        if (discarded != null && bean != discarded) {
            discarded = null; // edited again
        }
        return discarded != null;
    }

    /** The lists/statuses the mapping declared now names (none when it is not declared). */
    java.util.Set<String> bucketsNamed() {
        PairMapping mapping = lookup();
        return mapping == null ? java.util.Set.of() : mapping.statuses().bucketsInUse();
    }

    /**
     * The bean as declared: a PairMapping, or a StatusMapping (the type of the bean before field mappings existed),
     * read as a mapping of statuses only. The wrapper is kept while the bean is the same, so that only an edit
     * counts as a change.
     */
    private PairMapping lookup() {
        Object bean = context.getRegistry().lookupByName(beanName);
        if (bean instanceof StatusMapping statuses) {
            return current != null && current.statuses() == statuses ? current
                    : pending != null && pending.statuses() == statuses ? pending : PairMapping.ofStatuses(statuses);
        }
        return bean instanceof PairMapping mapping ? mapping : null;
    }
}
