package io.leadsync.sandbox.clickup;

import java.util.List;

/** A webhook of the workspace: where it posts, which events of which location, its secret and its health. */
final class ClickUpWebhook {

    static final String ACTIVE = "active";
    static final String FAILING = "failing";
    static final String SUSPENDED = "suspended";

    final String id;
    final int userId;
    final String secret;
    String endpoint;
    /** Event names, or just "*" for all. */
    List<String> events;
    /** The one location watched (null: the whole workspace). */
    final String spaceId;
    final String folderId;
    final String listId;
    final String taskId;
    String status = ACTIVE;
    int failCount;

    ClickUpWebhook(String id, int userId, String secret, String endpoint, List<String> events, String spaceId,
                   String folderId, String listId, String taskId) {
        this.id = id;
        this.userId = userId;
        this.secret = secret;
        this.endpoint = endpoint;
        this.events = events;
        this.spaceId = spaceId;
        this.folderId = folderId;
        this.listId = listId;
        this.taskId = taskId;
    }

    boolean wants(String event) {
        return events.contains("*") || events.contains(event);
    }
}
