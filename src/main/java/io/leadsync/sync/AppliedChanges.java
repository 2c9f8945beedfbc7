package io.leadsync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.state.AuditLog.Applied;
import io.leadsync.state.Link;

/**
 * What a change that landed did, as the activity log's entries: one per field it changed, the value as last synced
 * (the shadow before the write) against the value written, whose edit it carries over and which rule decided the
 * value. Pure: the write steps ({@link ItemWrites}, {@link LeadWrites}) call it with the shadow before and after.
 * <p>
 * Who: an item write carries the lead's values over (airtable); a lead write carries the item's (the tracker); an
 * archive of a duplicate leadsync made, and ids written back, are leadsync's own. A conflict decided by a policy is
 * its own audit entry (event conflict, with the policy), just before the change it decided.
 */
final class AppliedChanges {

    static final String AIRTABLE = "airtable";
    static final String LEADSYNC = "leadsync";

    private AppliedChanges() {
    }

    /** A card/task created for a lead: placed by the status mapping. */
    static List<Applied> created(CreateItem create, String itemId) {
        return List.of(new Applied("created", create.recordId(), itemId, "bucket", null, create.next().bucket(),
                AIRTABLE, "status mapping"));
    }

    /** A move, an archive or a content write that landed, against the shadow it replaced ({@code before}, may be null). */
    static List<Applied> itemWritten(ItemWrite write, Link before) {
        Link next = write.next();
        if (next == null) {
            return List.of(new Applied("archived", write.recordId(), write.itemId(), null, null, null, LEADSYNC,
                    "duplicate marker"));
        }
        if (write.unlinkAfter()) {
            return List.of(new Applied("archived", write.recordId(), write.itemId(), null,
                    before == null ? null : Link.known(before.bucket()), null, AIRTABLE, "lead deleted"));
        }
        List<Applied> out = new ArrayList<>();
        if (Boolean.TRUE.equals(write.change().archive())) {
            out.add(new Applied("archived", write.recordId(), write.itemId(), "bucket",
                    before == null ? null : Link.known(before.bucket()), null, AIRTABLE,
                    next.outside() ? "record filter" : "status mapping"));
        } else if (write.change().bucket() != null) {
            out.add(new Applied("moved", write.recordId(), write.itemId(), "bucket",
                    before == null ? null : Link.known(before.bucket()), write.change().bucket(), AIRTABLE, "status mapping"));
        }
        if (write.change().name() != null) {
            out.add(updated(write, "name", before == null ? null : Link.known(before.name()), write.change().name()));
        }
        if (write.change().description() != null) {
            out.add(updated(write, "description", before == null ? null : Link.known(before.description()),
                    write.change().description()));
        }
        write.change().fields().forEach((field, value) -> out.add(new Applied("updated", write.recordId(),
                write.itemId(), field, before == null ? null : Link.known(before.fields().get(field)), value, AIRTABLE,
                "field mapping")));
        return out;
    }

    private static Applied updated(ItemWrite write, String field, String before, String after) {
        return new Applied("updated", write.recordId(), write.itemId(), field, before, after, AIRTABLE,
                "item template");
    }

    /**
     * A lead write that landed: the status (before: the shadow's) and the two-way fields written (their values before
     * are known only by their tracker field in the shadow: shown as unknown).
     *
     * @param statusField the Airtable field of the status
     * @param tracker     the tracker whose item's change the write carries over
     */
    static List<Applied> leadWritten(Link before, Link after, Map<String, Object> fields, String statusField,
                                     String tracker) {
        List<Applied> out = new ArrayList<>();
        for (String field : new TreeSet<>(fields.keySet())) {
            boolean status = field.equals(statusField);
            out.add(new Applied(status ? "status-written" : "updated", after.recordId(), after.itemId(), field,
                    status && before != null ? Link.known(before.status()) : null, Objects.toString(fields.get(field), null),
                    tracker, status ? "status mapping" : "field mapping"));
        }
        return out;
    }

    /** Card/task ids written into the leads' link field: leadsync's own bookkeeping. */
    static List<Applied> idsWritten(Map<String, Map<String, Object>> fields, java.util.Collection<String> written) {
        List<Applied> out = new ArrayList<>();
        fields.forEach((record, values) -> {
            if (written.contains(record)) {
                values.forEach((field, id) -> out.add(new Applied("ids-written", record, String.valueOf(id), field,
                        null, String.valueOf(id), LEADSYNC, "link field")));
            }
        });
        return out;
    }
}
