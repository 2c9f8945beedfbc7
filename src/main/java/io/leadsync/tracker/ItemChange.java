package io.leadsync.tracker;

/**
 * The fields of an item to change; null means "leave as is". Moving to a bucket also restores an archived item.
 *
 * @param readIn the bucket the item was in when the change was decided (null: archived); a move or an archive
 *               is only written while it is still there, so a person's concurrent move is never overwritten
 */
public record ItemChange(String name, String description, String bucket, Boolean archive, String readIn) {

    public boolean isEmpty() {
        return name == null && description == null && bucket == null && archive == null;
    }

    /** True when the change decides where the item goes (a move, an archive or a restore). */
    public boolean placesItem() {
        return bucket != null || archive != null;
    }

    @Override
    public String toString() {
        return "ItemChange[name=" + name + ", description=" + description + ", bucket=" + bucket + ", archive="
                + archive + "]";
    }
}
