package io.leadsync.tracker;

/**
 * The fields of an item to change; null means "leave as is". Moving to a bucket also restores an archived item.
 *
 * @param readIn the bucket the item was in when the change was decided (null: archived); a move or an archive
 *               is only written while it is still there, so a person's concurrent move is never overwritten
 * @param contentRead whether the cycle that decided the change read the item's name and description; when it did
 *                    not (an incremental read that saw only the lead), a new name or description is written only
 *                    if no person edited that field on the item meanwhile, else the edit would be lost unaudited
 */
public record ItemChange(String name, String description, String bucket, Boolean archive, String readIn,
                         boolean contentRead) {

    public ItemChange(String name, String description, String bucket, Boolean archive, String readIn) {
        this(name, description, bucket, archive, readIn, true);
    }

    public boolean isEmpty() {
        return name == null && description == null && bucket == null && archive == null;
    }

    /** True when a name or description is written without the cycle having read what the item shows. */
    public boolean writesUnreadContent() {
        return !contentRead && (name != null || description != null);
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
