package io.leadsync.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.Formula;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.change.WriteBackIds;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.state.StatusOrigins;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the routes that write to Airtable (set-lead-status, write-back-ids and write-leads in
 * sync-cycle.camel.yaml; the PATCH itself is airtable-writes.camel.yaml), one bean per pair. A status (or a
 * two-way field) is written only to leads that still have the values the cycle read (one read just before the
 * PATCH); the others are left to the next cycle, which decides with both edits in view. The leads that
 * passed the check travel to the next steps in the exchange variable {@code checked}.
 */
public final class LeadWrites {

    private static final Logger LOG = LoggerFactory.getLogger(LeadWrites.class);

    /** A status write after its last-moment check: the leads still as read, and those a person edited meanwhile. */
    public record Checked(SetLeadStatus unchanged, List<String> editedMeanwhile) {
    }

    private final String name; // the pair
    private final AirtableClient airtable;
    private final LeadSchema schema;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final SeenAtWrite seen;
    private final StatusOriginJournal origins;
    private final AuditLog audit;
    private final String tracker;
    private final Clock clock;

    /**
     * @param audit   told what each write that landed changed (the activity log)
     * @param tracker the pair's kind of tracker: whose edits its lead writes carry over
     */
    LeadWrites(String name, AirtableClient airtable, LeadSchema schema, LinkStore links, DeadLetterStore deadLetters,
               SeenAtWrite seen, StatusOriginJournal origins, AuditLog audit, String tracker, Clock clock) {
        this.origins = origins;
        this.audit = audit;
        this.tracker = tracker;
        this.clock = clock;
        this.name = name;
        this.airtable = airtable;
        this.schema = schema;
        this.links = links;
        this.deadLetters = deadLetters;
        this.seen = seen;
    }

    /** Reads the leads again (one request, unless none is to be checked) and keeps those not changed since. */
    public Checked guard(SetLeadStatus write) {
        Map<String, Lead> now = currentLeads(write.asRead());
        Map<String, Link> nextByRecord = new HashMap<>();
        write.nextLinks().stream().filter(Objects::nonNull).forEach(l -> nextByRecord.put(l.recordId(), l));
        List<String> deleted = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        if (now != null) {
            write.asRead().forEach((id, asRead) -> {
                if (checked(asRead) && !now.containsKey(id)) {
                    deleted.add(id);
                } else if (checked(asRead) && (asRead.entrySet().stream()
                        .anyMatch(read -> !read.getValue().equals(now.get(id).field(read.getKey())))
                        || changedAfterAnAttempt(nextByRecord.get(id), now.get(id)))) {
                    edited.add(id);
                    seen.lead(now.get(id));
                }
            });
        }
        if (!deleted.isEmpty()) {
            seen.leadDeleted(); // deletions are what a full read settles
            LOG.info("lead(s) {} deleted in Airtable since this cycle read them: not written; the next cycle "
                    + "reads everything and archives their items", deleted);
        }
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>(write.fields());
        fields.keySet().removeAll(edited);
        fields.keySet().removeAll(deleted);
        List<Link> nextLinks = write.nextLinks().stream()
                .filter(l -> l != null && fields.containsKey(l.recordId())).toList();
        return new Checked(new SetLeadStatus(write.recordId(), fields, nextLinks, write.asRead(),
                write.sourceModified(), write.idempotencyKey(), write.summary()), edited);
    }

    /**
     * An earlier attempt of this very status write got no answer and the lead was changed since: it may have
     * landed and a person may have put the old status back, so the planner settles it (SyncPlanner#inDoubt).
     */
    private boolean changedAfterAnAttempt(Link next, Lead now) {
        LinkStore.Intent earlier = next == null ? null : links.intent(next.recordId());
        return earlier != null && !earlier.itemWrite() && earlier.link().equals(next)
                && now.modifiedAt() > next.leadModified();
    }

    private static boolean checked(Map<String, String> asRead) {
        return asRead != null && !asRead.isEmpty();
    }

    /** The leads a write is about, as they are now (one read), or null when none is to be checked. */
    private Map<String, Lead> currentLeads(Map<String, Map<String, String>> asRead) {
        if (asRead == null || asRead.values().stream().noneMatch(LeadWrites::checked)) {
            return null;
        }
        return airtable.list(Formula.recordIdIn(asRead.keySet()), schema).leads();
    }

    /**
     * The write's intent, journaled before it is sent: if the answer is lost, the next read tells if it landed; and
     * the statuses it sends, with their origin, for the other pairs (a write that lands with its answer lost is
     * still known as this pair's).
     */
    public void journalIntent(@Variable("checked") Checked checked) {
        if (!checked.unchanged().fields().isEmpty()) {
            links.putIntents(checked.unchanged().nextLinks(), false);
            origins.sending(originsOf(checked, checked.unchanged().nextLinks(), clock.millis()));
        }
    }

    /**
     * The shadows of the leads written (none when no lead was left to write) become what was written; the statuses
     * are journaled with their origin, the item's change, for the other pairs on the table (a lead change to them).
     */
    public void record(@Variable("checked") Checked checked, @Variable("landed") Collection<String> landed) {
        if (landed == null) {
            return;
        }
        List<Link> written = checked.unchanged().nextLinks().stream().filter(l -> landed.contains(l.recordId()))
                .toList();
        if (!written.isEmpty()) {
            for (Link after : written) {
                audit.applied(name, AppliedChanges.leadWritten(links.byRecord(after.recordId()), after,
                        checked.unchanged().fields().get(after.recordId()), schema.status(), tracker));
            }
            links.putAll(written);
            origins.landed(originsOf(checked, written, clock.millis()));
            origins.wrote(landed, clock.millis());
        }
    }

    /** The statuses the write sets on these leads, each with its origin (the item's change), as of {@code at}. */
    private Map<String, StatusOrigins.Origin> originsOf(Checked checked, List<Link> leads, long at) {
        Map<String, StatusOrigins.Origin> set = new LinkedHashMap<>();
        for (Link link : leads) {
            Object status = checked.unchanged().fields().get(link.recordId()).get(schema.status());
            if (status != null) {
                set.put(link.recordId(), new StatusOrigins.Origin(name, String.valueOf(status), link.itemId(),
                        link.bucket(), link.itemModified(), at));
            }
        }
        return set;
    }

    /** Leads a person edited after the cycle read them were not overwritten: the next cycle decides them again. */
    public void editedMeanwhile(@Variable("checked") Checked checked) {
        if (!checked.editedMeanwhile().isEmpty()) {
            throw new ChangedMeanwhileException("lead(s) " + checked.editedMeanwhile() + " edited since this cycle "
                    + "read them: not overwritten, decided again next cycle");
        }
    }

    /** The link fields are written, or refused and dead-lettered: either way no longer owed. */
    public void markWritten(WriteBackIds write, @Variable("written") Collection<String> written) {
        links.linkFieldsWritten(write.fields().keySet());
        if (written != null) {
            audit.applied(name, AppliedChanges.idsWritten(write.fields(), written));
            origins.wrote(written, clock.millis());
        }
    }

    /**
     * A record Airtable refused on its own, after it refused the batch it was in (write-leads): dead-lettered until
     * it changes, while the others land. Nothing written: no id to answer.
     */
    public String refused(@Variable("lead") Map<String, Map<String, Object>> one, @Variable("change") Change change,
                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception refusal,
                          @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        tally.failed(PushTally.Failure.REFUSED, change);
        one.keySet().forEach(id -> deadLetters.record(name, id, change.sourceModified(), refusal.getMessage(), true));
        return null;
    }
}
