package io.leadsync.sync;

import java.util.List;
import java.util.Map;

import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOrigins;

/**
 * Stores what a cycle decided before any of its changes is pushed: dead letters and the audit trail, then the
 * links that change without a write (and the statuses items back without one), then what was seen of records with writes planned (so that a write lost to
 * a crash or a failure is still judged against what its cycle read).
 */
public final class PersistDecisions {

    private final String pair;
    private final LinkStore links;
    private final AuditLog audit;
    private final DeadLetterStore deadLetters;
    private final StatusOrigins origins;

    public PersistDecisions(String pair, LinkStore links, AuditLog audit, DeadLetterStore deadLetters,
                            StatusOrigins origins) {
        this.pair = pair;
        this.links = links;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.origins = origins;
    }

    public void persist(Effects effects) {
        for (Effects.DeadLetter d : effects.deadLetters()) {
            deadLetters.record(pair, d.recordId(), d.sourceModified(), d.reason(), d.quarantine());
        }
        for (Effects.AuditEntry entry : effects.audit()) {
            if (entry instanceof Effects.Conflict c) {
                audit.conflict(pair, c.recordId(), c.field(), c.airtableValue(), c.trackerValue(), c.policy(),
                        c.winner(), c.origin());
            } else if (entry instanceof Effects.Event e) {
                audit.event(pair, e.recordId(), e.event(), e.detail());
            }
        }
        for (Effects.ShadowUpdate update : effects.shadowUpdates()) {
            if (update instanceof Effects.Put put) {
                links.put(put.link());
            } else if (update instanceof Effects.Remove remove) {
                links.remove(remove.recordId());
            } else if (update instanceof Effects.Backed backed) {
                origins.landed(Map.of(backed.recordId(), backed.origin()));
            } else if (update instanceof Effects.MayLandLate late) {
                links.putLate(late.late());
            } else if (update instanceof Effects.Superseded superseded) {
                origins.superseded(superseded.recordId(), superseded.status(), superseded.changedBy());
            }
        }
        List<LinkStore.Seen> seen = effects.seen();
        if (!seen.isEmpty()) {
            links.putSeen(seen);
        }
    }
}
