package io.leadsync.sandbox.clickup;

/** A member of the workspace: who a task can be assigned to. */
public record ClickUpMember(int id, String username, String email, String color, String initials) {
}
