package io.leadsync.tracker;

import java.util.List;

/**
 * Items read in one cycle.
 *
 * @param complete true when this is every open item (a full read), so a linked item missing from it is gone
 * @param cursor   where the next incremental read starts
 */
public record TrackerRead(List<TrackerItem> items, boolean complete, String cursor) {
}
