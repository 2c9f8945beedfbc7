package io.leadsync.tracker;

/**
 * The fields of an item to change; null means "leave as is". Moving to a bucket also restores an archived item.
 */
public record ItemChange(String name, String description, String bucket, Boolean archive) {

    public boolean isEmpty() {
        return name == null && description == null && bucket == null && archive == null;
    }
}
