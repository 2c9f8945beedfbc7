package io.leadsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.Formula;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.http.ApiException;
import io.leadsync.http.TransientApiException;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.WorkTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the actions one cycle planned, each write guarded: a create is linked ahead (the marker finds it after
 * a crash), every other write is journaled as an intent, and a move, a status, a name or a description is re-read
 * just before it is written and dropped when a person changed it since the cycle read it. What such a check saw is
 * kept for the next cycle ({@link #addSeen}), which decides again with both edits in view.
 */
final class ChangeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWriter.class);

    private final String name; // the pair, for messages
    private final AirtableClient airtable;
    private final LeadSchema schema;
    private final WorkTracker tracker;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final BiConsumer<String, String> created;
    private final Map<String, Lead> leadsSeenAtWrite = new ConcurrentHashMap<>();
    private final Map<String, TrackerItem> itemsSeenAtWrite = new ConcurrentHashMap<>();
    private volatile boolean fullReadWanted;

    /** @param created told (record id, item id) of each item created, once it is linked */
    ChangeWriter(String name, AirtableClient airtable, LeadSchema schema, WorkTracker tracker, LinkStore links,
                 DeadLetterStore deadLetters, BiConsumer<String, String> created) {
        this.name = name;
        this.airtable = airtable;
        this.schema = schema;
        this.tracker = tracker;
        this.links = links;
        this.deadLetters = deadLetters;
        this.created = created;
    }

    /** Pushes one action; throws what the route's error handling acts on (see sync-errors.camel.yaml). */
    void apply(SyncAction action) {
        switch (action.kind()) {
            case CREATE_ITEM -> create(action);
            case CHANGE_ITEM -> change(action);
            case UPDATE_LEADS -> updateLeads(action);
        }
    }

    /**
     * Adds what the last-moment checks saw since the previous cycle to this cycle's read where that read is
     * partial (a complete read is the whole truth: what it lacks was deleted), and forgets it.
     */
    void addSeen(Map<String, Lead> leads, boolean leadsComplete, Map<String, TrackerItem> items,
                 boolean itemsComplete) {
        if (!leadsComplete) {
            leadsSeenAtWrite.forEach(leads::putIfAbsent);
        }
        if (!itemsComplete) {
            itemsSeenAtWrite.forEach(items::putIfAbsent);
        }
        leadsSeenAtWrite.clear();
        itemsSeenAtWrite.clear();
    }

    /** Whether a check found a lead deleted since its cycle read it: the next cycle should read everything. */
    boolean fullReadWanted() {
        return fullReadWanted;
    }

    /** A full read ran: what {@link #fullReadWanted} asked for is done. */
    void fullReadDone() {
        fullReadWanted = false;
    }

    private void create(SyncAction action) {
        Link next = action.nextLinks().get(0);
        // written ahead: what the item is created as, and when it was sent (see SyncPlanner#planUnlinked)
        links.put(next.withItemState(next.bucket(), next.name(), next.description(), System.currentTimeMillis()));
        TrackerItem item = tracker.create(action.draft());
        // linked before anything else can fail: a redelivered action must never create a second item
        links.put(new Link(next.recordId(), item.id(), next.status(), next.bucket(), next.name(), next.description(),
                false, next.leadModified(), item.modifiedAt()));
        created.accept(action.recordId(), item.id());
        try {
            tracker.afterCreate(item, action.recordId());
        } catch (ApiException e) {
            deadLetters.record(name, action.recordId(), action.sourceModified(), "item " + item.id()
                    + " was created but its record cross-reference could not be set (" + e.getMessage()
                    + "); it stays linked through the marker in its description", false);
        }
    }

    /**
     * A name or description is written only if no person edited that field since the cycle decided it: decided from
     * the lead alone (the item was not read that cycle), or from a read that pushes and other writes have aged, a
     * person's edit would be overwritten unseen. If the item shows neither the last synced value nor the new one
     * (and, when the cycle read it, changed since), the write is dropped and the next cycle, which sees the item,
     * decides the conflict by the content policy.
     */
    private void editedMeanwhile(SyncAction action, TrackerItem now) {
        Link shadow = links.byRecord(action.recordId());
        ItemChange change = action.change();
        // read this cycle and showing neither value: a conflict the lead won (audited), unless changed since
        if (shadow == null || !change.writesUnreadContent()
                && now.modifiedAt() <= action.nextLinks().get(0).itemModified()) {
            return;
        }
        boolean nameEdited = change.name() != null && !Objects.equals(now.name(), shadow.name())
                && !Objects.equals(now.name(), change.name());
        boolean descriptionEdited = change.description() != null
                && !Objects.equals(now.description(), shadow.description())
                && !Objects.equals(now.description(), change.description());
        if (!now.deleted() && (nameEdited || descriptionEdited)) {
            itemsSeenAtWrite.put(now.id(), now);
            throw new ChangedMeanwhileException(name + " item " + action.itemId() + " of lead " + action.recordId()
                    + " had its " + (nameEdited ? "name" : "description") + " edited since leadsync last synced it; "
                    + "the next cycle decides with both edits in view");
        }
    }

    private void change(SyncAction action) {
        if (action.nextLinks().isEmpty()) {
            // an item no link names (a duplicate leadsync made): nothing to remember about it
            tracker.update(action.itemId(), action.change());
            return;
        }
        Link next = action.nextLinks().get(0);
        // one read of the item serves both last-moment checks
        boolean writesContent = action.change().name() != null || action.change().description() != null;
        TrackerItem now = writesContent || action.change().placesItem() ? tracker.fetch(action.itemId()) : null;
        if (writesContent) {
            editedMeanwhile(action, now);
        }
        if (action.change().placesItem()) {
            String bucketNow = now.closed() ? null : now.bucket();
            String target = Boolean.TRUE.equals(action.change().archive()) ? null : action.change().bucket();
            LinkStore.Intent earlier = links.intent(action.recordId());
            boolean attemptedBefore = earlier != null && earlier.itemWrite() && earlier.link().equals(next);
            boolean landedAlready = Objects.equals(bucketNow, target);
            // an earlier attempt of this very write whose answer never came may have landed, and the item was
            // changed since: a person may have moved it back, so the planner settles it (see SyncPlanner#inDoubt)
            boolean changedAfterAnAttempt = attemptedBefore && now.modifiedAt() > next.itemModified();
            // already there, and not by an earlier attempt: a person put it there after the cycle read it, and the
            // lead may have changed since that read too (a deleted lead's item has nothing left to disagree with)
            boolean placedByAPerson = landedAlready && !attemptedBefore && !action.unlinkAfter();
            boolean movedElsewhere = !landedAlready && !Objects.equals(bucketNow, action.change().readIn());
            if (!now.deleted() && (placedByAPerson || movedElsewhere || !landedAlready && changedAfterAnAttempt)) {
                itemsSeenAtWrite.put(now.id(), now);
                throw new ChangedMeanwhileException(name + " item " + action.itemId() + " of lead " + action.recordId()
                        + (changedAfterAnAttempt && !landedAlready
                        ? " was changed after an attempt to move it whose answer never came"
                        : " was moved to " + (bucketNow == null ? "the archive" : "'" + bucketNow + "'")
                        + " after it was read") + "; the next cycle decides again with both edits in view");
            }
        }
        links.putIntents(List.of(next), true);
        try {
            TrackerItem item = tracker.update(action.itemId(), action.change());
            if (action.unlinkAfter()) {
                links.remove(action.recordId());
            } else {
                links.put(next.withItemState(next.bucket(), next.name(), next.description(), item.modifiedAt()));
            }
        } catch (ApiException e) {
            if (e.status() != 404 || e instanceof TransientApiException) {
                throw e;
            }
            LOG.warn("[{}] item {} of lead {} no longer exists; unlinking", name, action.itemId(), action.recordId());
            links.put(next.withDetached(true).withItemState(null, next.name(), next.description(), 0));
        }
    }

    private void updateLeads(SyncAction action) {
        Map<String, Lead> now = currentLeads(action.statusAsRead());
        Map<String, Link> nextByRecord = new HashMap<>();
        action.nextLinks().stream().filter(Objects::nonNull).forEach(l -> nextByRecord.put(l.recordId(), l));
        List<String> deleted = new ArrayList<>();
        List<String> edited = new ArrayList<>();
        if (now != null) {
            action.statusAsRead().forEach((id, asRead) -> {
                if (asRead != null && !now.containsKey(id)) {
                    deleted.add(id);
                } else if (asRead != null && (!asRead.equals(now.get(id).field(schema.status()))
                        || changedAfterAnAttempt(nextByRecord.get(id), now.get(id)))) {
                    edited.add(id);
                    leadsSeenAtWrite.put(id, now.get(id));
                }
            });
        }
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>(action.leadFields());
        fields.keySet().removeAll(edited);
        fields.keySet().removeAll(deleted);
        List<Link> nextLinks = action.nextLinks().stream()
                .filter(l -> l != null && fields.containsKey(l.recordId())).toList();
        if (!fields.isEmpty()) {
            write(action, fields, nextLinks);
        }
        if (!deleted.isEmpty()) {
            fullReadWanted = true; // deletions are what a full read settles
            LOG.info("[{}] lead(s) {} deleted in Airtable since this cycle read them: not written; the next cycle "
                    + "reads everything and archives their items", name, deleted);
        }
        if (!edited.isEmpty()) {
            throw new ChangedMeanwhileException("lead(s) " + edited + " edited since this cycle read them: not "
                    + "overwritten, decided again next cycle");
        }
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

    /** The leads a status write is about, as they are now (one read), or null when no status is to be checked. */
    private Map<String, Lead> currentLeads(Map<String, String> statusAsRead) {
        if (statusAsRead == null || statusAsRead.values().stream().allMatch(Objects::isNull)) {
            return null;
        }
        return airtable.list(Formula.recordIdIn(statusAsRead.keySet()), schema).leads();
    }

    private void write(SyncAction action, Map<String, Map<String, Object>> fields, List<Link> nextLinks) {
        links.putIntents(nextLinks, false);
        try {
            airtable.update(fields);
            links.putAll(nextLinks);
        } catch (ApiException e) {
            if (e instanceof TransientApiException || fields.size() == 1) {
                throw e;
            }
            // one bad record fails the whole batch at Airtable: isolate it, write the others
            Map<String, Link> nextByRecord = new HashMap<>();
            nextLinks.forEach(l -> nextByRecord.put(l.recordId(), l));
            for (Map.Entry<String, Map<String, Object>> one : fields.entrySet()) {
                try {
                    airtable.update(Map.of(one.getKey(), one.getValue()));
                    if (nextByRecord.containsKey(one.getKey())) {
                        links.put(nextByRecord.get(one.getKey()));
                    }
                } catch (ApiException single) {
                    if (single instanceof TransientApiException) {
                        throw single;
                    }
                    deadLetters.record(name, one.getKey(), action.sourceModified(), single.getMessage(), true);
                }
            }
        }
    }
}
