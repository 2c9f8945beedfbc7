package io.leadsync.sync;

import io.leadsync.change.Change;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOrigins;

/**
 * What decisions add to a cycle besides reading: the changes to push, the lead writes still to be batched, and
 * what only the state files take (links to store or remove, what was seen, audit entries, dead letters).
 * Lists keep the order the decisions were made in: the persist step stores them in that order.
 */
public record Effects(List<Change> changes, List<LeadWrite> leadWrites, List<ShadowUpdate> shadowUpdates,
                      List<LinkStore.Seen> seen, List<AuditEntry> audit, List<DeadLetter> deadLetters) {

    /** A link to store, or a record to unlink, without any write to a service. */
    public sealed interface ShadowUpdate {
    }

    public record Put(Link link) implements ShadowUpdate {
    }

    /**
     * A person's move of the pair's item backs the lead's status with no write: journaled as that status's origin,
     * for the other pairs on the table to weigh.
     */
    public record Backed(String recordId, StatusOrigins.Origin origin) implements ShadowUpdate {
    }

    /** A read showed the lead with another status than the pairs' writes before it: they are no longer its origin. */
    public record Superseded(String recordId, String status, long changedBy) implements ShadowUpdate {
    }

    /** An item write of unknown outcome found not landed: it may still, and is journaled as such. */
    public record MayLandLate(LinkStore.Late late) implements ShadowUpdate {
    }

    public record Remove(String recordId) implements ShadowUpdate {
    }

    /** An entry of the audit trail. */
    public sealed interface AuditEntry {
    }

    public record Event(String recordId, String event, String detail) implements AuditEntry {
    }

    /** @param origin who set the lead's value when another pair did (its true origin), else null */
    public record Conflict(String recordId, String field, String airtableValue, String trackerValue, String policy,
                           String winner, String origin) implements AuditEntry {
    }

    public record DeadLetter(String recordId, long sourceModified, String reason, boolean quarantine) {
    }

    /**
     * A write of fields to one lead, batched with the cycle's others (10 per Airtable request) once every decision
     * is made. {@code asRead} holds the lead's values the write was decided from (Airtable field -> text: its
     * status, the two-way fields written), checked again before writing; null when nothing is to be checked.
     */
    public record LeadWrite(String recordId, Map<String, Object> fields, Link next, long sourceTime,
                            Map<String, String> asRead) {
    }

    /** These effects followed by the others', in order. */
    Effects and(List<Effects> others) {
        Recorder all = new Recorder(null);
        all.add(this);
        others.forEach(all::add);
        return all.effects();
    }

    /**
     * Collects the effects of decisions as they are made. With an overlay, the links it stores or removes are
     * seen by the decisions that follow; without one (a removal, applied only if the safety rail lets it
     * through) they are only recorded.
     */
    static final class Recorder {
        private final ShadowOverlay overlay;
        private final List<Change> changes = new ArrayList<>();
        private final List<LeadWrite> leadWrites = new ArrayList<>();
        private final List<ShadowUpdate> shadowUpdates = new ArrayList<>();
        private final List<LinkStore.Seen> seen = new ArrayList<>();
        private final List<AuditEntry> audit = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private final Set<String> quarantined = new HashSet<>();

        Recorder(ShadowOverlay overlay) {
            this.overlay = overlay;
        }

        void change(Change change) {
            changes.add(change);
        }

        void leadWrite(String recordId, Map<String, Object> fields, Link next, long sourceTime,
                       Map<String, String> asRead) {
            leadWrites.add(new LeadWrite(recordId, fields, next, sourceTime, asRead));
        }

        void put(Link link) {
            if (overlay != null) {
                overlay.put(link);
            }
            shadowUpdates.add(new Put(link));
        }

        void remove(String recordId) {
            if (overlay != null) {
                overlay.remove(recordId);
            }
            shadowUpdates.add(new Remove(recordId));
        }

        void backed(String recordId, StatusOrigins.Origin origin) {
            shadowUpdates.add(new Backed(recordId, origin));
        }

        void superseded(String recordId, String status, long changedBy) {
            shadowUpdates.add(new Superseded(recordId, status, changedBy));
        }

        void mayLandLate(LinkStore.Late late) {
            shadowUpdates.add(new MayLandLate(late));
        }

        void seen(LinkStore.Seen read) {
            seen.add(read);
        }

        void event(String recordId, String event, String detail) {
            audit.add(new Event(recordId, event, detail));
        }

        void conflict(String recordId, String field, String airtableValue, String trackerValue, String policy,
                      String winner, String origin) {
            audit.add(new Conflict(recordId, field, airtableValue, trackerValue, policy, winner, origin));
        }

        void deadLetter(String recordId, long sourceModified, String reason, boolean quarantine) {
            deadLetters.add(new DeadLetter(recordId, sourceModified, reason, quarantine));
            if (quarantine) {
                quarantined.add(recordId + "@" + sourceModified);
            }
        }

        /** True when a dead letter recorded here quarantines the record at this modification time. */
        boolean quarantines(String recordId, long sourceModified) {
            return quarantined.contains(recordId + "@" + sourceModified);
        }

        private void add(Effects effects) {
            changes.addAll(effects.changes);
            leadWrites.addAll(effects.leadWrites);
            shadowUpdates.addAll(effects.shadowUpdates);
            seen.addAll(effects.seen);
            audit.addAll(effects.audit);
            deadLetters.addAll(effects.deadLetters);
        }

        Effects effects() {
            return new Effects(List.copyOf(changes), List.copyOf(leadWrites), List.copyOf(shadowUpdates),
                    List.copyOf(seen), List.copyOf(audit), List.copyOf(deadLetters));
        }
    }
}
