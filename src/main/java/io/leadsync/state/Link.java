package io.leadsync.state;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What leadsync remembers about one lead and its card/task: the item's id and the shadow, i.e. the values of
 * every mapped field as they were when both sides last agreed. A change is a difference from the shadow.
 *
 * @param recordId     Airtable record id
 * @param itemId       card/task id; null while a create is pending (written ahead, see {@link #pending()})
 * @param status       lead status last synced
 * @param bucket       list/status the item was last seen in or moved to; null when the item is archived
 * @param name         the item name as last rendered from the lead (a differing item was edited in the tracker)
 * @param description  the item description as last rendered from the lead
 * @param detached     the item was archived/deleted in the tracker: leave the lead alone until it is restored
 * @param leadModified the lead's modification time (epoch ms) last synced
 * @param itemModified the item's modification time (epoch ms) last synced; for a pending create, when it was
 *                     attempted
 * @param fields       the mapped fields beyond name and description as last agreed (tracker field -> value in the
 *                     text form {@link io.leadsync.mapping.PairMapping} defines); a field missing was never synced
 *                     (mapped since). Left out of the stored JSON when empty, so a journal without mapped fields
 *                     reads the same in an older leadsync, and an older journal reads as none
 * @param outside      the lead is outside the pair's record filter: neither side is synced (the shadow stays as
 *                     it was when the lead left) until the lead is back
 */
public record Link(String recordId, String itemId, String status, String bucket, String name, String description,
                   boolean detached, long leadModified, long itemModified,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> fields,
                   @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean outside) {

    public Link {
        fields = fields == null || fields.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** A link without mapped fields. */
    public Link(String recordId, String itemId, String status, String bucket, String name, String description,
                boolean detached, long leadModified, long itemModified) {
        this(recordId, itemId, status, bucket, name, description, detached, leadModified, itemModified, Map.of(),
                false);
    }

    /** A link of a lead inside the record filter. */
    public Link(String recordId, String itemId, String status, String bucket, String name, String description,
                boolean detached, long leadModified, long itemModified, Map<String, String> fields) {
        this(recordId, itemId, status, bucket, name, description, detached, leadModified, itemModified, fields, false);
    }

    /**
     * The value of a shadow an operator's resync made lost ({@link #lost()}): no lead or item value equals it. A
     * shadow may keep it for a field whose write did not land yet; that field is then decided again the same way.
     */
    public static final String LOST = "\u0000lost by a resync";

    /**
     * This link as if its shadow were lost (a resync): the same lead and item, with every synced value one that
     * neither side has, so each field that differs between the lead and its item counts as edited on both sides
     * (a conflict the policies decide) and each field they agree on needs no write.
     */
    public Link lost() {
        Map<String, String> none = new TreeMap<>();
        fields.keySet().forEach(k -> none.put(k, LOST));
        return new Link(recordId, itemId, LOST, LOST, LOST, LOST, detached, leadModified, itemModified, none, outside);
    }

    /** A shadow's value as people should see it: null for {@link #LOST} (not known). */
    public static String known(String value) {
        return LOST.equals(value) ? null : value;
    }

    /**
     * A create was started but its outcome is not known yet: look up the marker before creating again. The
     * link holds what the item was created as (status, bucket, content) and, as itemModified, when it was sent.
     */
    public boolean pending() {
        return itemId == null;
    }

    public Link withItem(String newItemId) {
        return new Link(recordId, newItemId, status, bucket, name, description, detached, leadModified, itemModified,
                fields, outside);
    }

    public Link withStatus(String newStatus, long newLeadModified) {
        return new Link(recordId, itemId, newStatus, bucket, name, description, detached, newLeadModified, itemModified,
                fields, outside);
    }

    public Link withItemState(String newBucket, String newName, String newDescription, long newItemModified) {
        return new Link(recordId, itemId, status, newBucket, newName, newDescription, detached, leadModified,
                newItemModified, fields, outside);
    }

    public Link withDetached(boolean value) {
        return new Link(recordId, itemId, status, bucket, name, description, value, leadModified, itemModified,
                fields, outside);
    }

    /** The mapped fields' values as agreed now. */
    public Link withFields(Map<String, String> newFields) {
        return new Link(recordId, itemId, status, bucket, name, description, detached, leadModified, itemModified,
                newFields, outside);
    }

    public Link withOutside(boolean value) {
        return new Link(recordId, itemId, status, bucket, name, description, detached, leadModified, itemModified,
                fields, value);
    }
}
