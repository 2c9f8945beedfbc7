package io.leadsync.sandbox.clickup;

/**
 * One status of a list. {@code type} is ClickUp's: {@code open} (the first), {@code custom}, {@code done} and
 * {@code closed} (the last); done and closed count as finished, only closed hides a task from default queries.
 */
public record TaskStatus(String id, String status, String color, int orderindex, String type) {

    public boolean isClosed() {
        return "closed".equals(type);
    }

    /** Finished work: sets {@code date_done}. */
    public boolean isDone() {
        return isClosed() || "done".equals(type);
    }
}
