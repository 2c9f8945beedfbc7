package io.leadsync.sandbox.clickup;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders the workspace in the real API's JSON shapes (field names, order, strings-for-timestamps), following
 * the examples in ClickUp's OpenAPI document. Values a real sandbox workspace would leave empty are null.
 */
final class ClickUpJson {

    private static final String[][] PRIORITIES = {
            {"1", "urgent", "#f50000"}, {"2", "high", "#f8ae00"}, {"3", "normal", "#6fddff"}, {"4", "low", "#d8d8d8"}};

    private final ObjectMapper json;
    private final ClickUpWorkspace ws;

    ClickUpJson(ObjectMapper json, ClickUpWorkspace ws) {
        this.json = json;
        this.ws = ws;
    }

    ObjectNode user() {
        ObjectNode user = userIdentity(json.createObjectNode())
                .put("week_start_day", 1)
                .put("global_font_support", false)
                .put("timezone", "UTC");
        return json.createObjectNode().set("user", user);
    }

    /** The workspace with its members: the token's user is its owner (role 1), the others members (role 3). */
    ObjectNode teams() {
        ObjectNode team = json.createObjectNode()
                .put("id", ws.teamId)
                .put("name", ClickUpWorkspace.TEAM_NAME)
                .put("color", "#40BC86")
                .put("avatar", avatarUrl());
        ArrayNode members = team.putArray("members");
        for (ClickUpMember m : ws.members) {
            ObjectNode member = members.addObject();
            memberIdentity(member.putObject("user"), m)
                    .put("role", m.id() == ws.userId ? 1 : 3)
                    .putNull("custom_role")
                    .putNull("last_active")
                    .put("date_joined", Long.toString(ws.createdAt))
                    .put("date_invited", Long.toString(ws.createdAt));
        }
        ObjectNode out = json.createObjectNode();
        out.putArray("teams").add(team);
        return out;
    }

    ObjectNode spaces() {
        ObjectNode space = json.createObjectNode()
                .put("id", ws.spaceId)
                .put("name", ClickUpWorkspace.SPACE_NAME)
                .put("color", "#1abc9c")
                .put("private", false)
                .put("avatar", avatarUrl())
                .put("admin_can_manage", true)
                .put("archived", false);
        space.putArray("members");
        ArrayNode statuses = space.putArray("statuses");
        ws.statuses.forEach(s -> statuses.add(status(s)));
        space.put("multiple_assignees", true);
        ObjectNode features = space.putObject("features");
        features.putObject("due_dates").put("enabled", true).put("start_date", false)
                .put("remap_due_dates", true).put("remap_closed_due_date", false);
        for (String name : List.of("time_tracking", "tags", "time_estimates", "checklists", "custom_fields",
                "remap_dependencies", "dependency_warning", "portfolios")) {
            features.putObject(name).put("enabled", !name.equals("portfolios"));
        }
        ObjectNode out = json.createObjectNode();
        out.putArray("spaces").add(space);
        return out;
    }

    ObjectNode folders() {
        ObjectNode out = json.createObjectNode();
        out.putArray("folders");
        return out;
    }

    /** One list as GET /list/{id} shows it; {@code withStatuses} is false in the folderless-lists listing. */
    ObjectNode list(boolean withStatuses) {
        ObjectNode list = json.createObjectNode()
                .put("id", ws.listId)
                .put("name", ClickUpWorkspace.LIST_NAME)
                .put("orderindex", 0)
                .put("content", "")
                .putNull("status")
                .putNull("priority")
                .putNull("assignee")
                .put("task_count", Long.toString(ws.tasks().stream().filter(t -> !t.archived).count()))
                .putNull("due_date")
                .putNull("start_date");
        list.putObject("folder").put("id", ws.hiddenFolderId).put("name", "hidden").put("hidden", true)
                .put("access", true);
        list.putObject("space").put("id", ws.spaceId).put("name", ClickUpWorkspace.SPACE_NAME).put("access", true);
        list.put("inbound_address", "a.t." + ws.listId + ".u-" + ws.userId + ".sandbox@tasks.clickup.com")
                .put("archived", false)
                .put("override_statuses", true);
        if (withStatuses) {
            ArrayNode statuses = list.putArray("statuses");
            ws.statuses.forEach(s -> statuses.add(status(s)));
        }
        list.put("permission_level", "create");
        return list;
    }

    ObjectNode lists() {
        ObjectNode out = json.createObjectNode();
        out.putArray("lists").add(list(false));
        return out;
    }

    /** GET /list/{id}/member: every member has access to the sandbox list (spec example GetListMembers). */
    ObjectNode listMembers() {
        ObjectNode out = json.createObjectNode();
        ArrayNode members = out.putArray("members");
        for (ClickUpMember m : ws.members) {
            ObjectNode member = members.addObject().put("id", m.id()).put("username", m.username())
                    .put("email", m.email()).put("color", m.color()).put("initials", m.initials())
                    .put("profilePicture", avatarUrl(m.id()));
            ObjectNode info = member.putObject("profileInfo");
            for (String name : List.of("display_profile", "verified_ambassador", "verified_consultant", "top_tier_user",
                    "viewed_verified_ambassador", "viewed_verified_consultant", "viewed_top_tier_user")) {
                info.putNull(name);
            }
        }
        return out;
    }

    /** GET /space/{id}/tag (spec example GetSpaceTags: name and colours). */
    ObjectNode spaceTags() {
        ObjectNode out = json.createObjectNode();
        ArrayNode tags = out.putArray("tags");
        ws.spaceTags().forEach(t -> tags.addObject().put("name", t.name()).put("tag_fg", t.tagFg())
                .put("tag_bg", t.tagBg()));
        return out;
    }

    ObjectNode fields() {
        ObjectNode out = json.createObjectNode();
        ArrayNode fields = out.putArray("fields");
        ws.fields.forEach(f -> fields.add(field(f)));
        return out;
    }

    ObjectNode task(Task task, boolean markdown, boolean withSubtasks) {
        ObjectNode out = json.createObjectNode()
                .put("id", task.id)
                .putNull("custom_id")
                .put("custom_item_id", 0)
                .put("name", task.name)
                .put("text_content", task.description)
                .put("description", task.description);
        if (markdown) {
            out.put("markdown_description", task.markdown);
        }
        out.set("status", status(task.status));
        out.put("orderindex", String.format("%d.00000000000000000000000000000000", task.sequence + 1))
                .put("date_created", Long.toString(task.dateCreated))
                .put("date_updated", Long.toString(task.dateUpdated))
                .put("date_closed", task.dateClosed == null ? null : task.dateClosed.toString())
                .put("date_done", task.dateDone == null ? null : task.dateDone.toString())
                .put("archived", task.archived);
        ClickUpMember creator = ws.member(ws.userId).orElseThrow();
        out.putObject("creator").put("id", creator.id()).put("username", creator.username())
                .put("color", creator.color()).put("email", creator.email()).put("profilePicture", avatarUrl());
        ArrayNode assignees = out.putArray("assignees");
        for (int userId : task.assignees) {
            ws.member(userId).ifPresent(m -> assignees.addObject().put("id", m.id()).put("username", m.username())
                    .put("color", m.color()).put("initials", m.initials()).put("email", m.email())
                    .put("profilePicture", avatarUrl(m.id())));
        }
        for (String empty : List.of("group_assignees", "watchers", "checklists")) {
            out.putArray(empty);
        }
        out.set("tags", tags(task.tags));
        out.put("parent", task.parent).put("top_level_parent", topLevelParent(task));
        out.set("priority", priority(task.priority));
        out.put("due_date", task.dueDate == null ? null : task.dueDate.toString())
                .putNull("start_date")
                .putNull("points")
                .putNull("time_estimate");
        ArrayNode fields = out.putArray("custom_fields");
        for (ClickUpCustomField f : ws.fields) {
            ObjectNode field = field(f);
            if (task.values.containsKey(f.id())) {
                field.set("value", task.values.get(f.id()));
            }
            fields.add(field);
        }
        for (String empty : List.of("dependencies", "linked_tasks", "locations")) {
            out.putArray(empty);
        }
        out.put("team_id", ws.teamId)
                .put("url", "https://app.clickup.com/t/" + task.id);
        ObjectNode sharing = out.putObject("sharing").put("public", false).putNull("public_share_expires_on");
        ArrayNode publicFields = sharing.putArray("public_fields");
        List.of("assignees", "priority", "due_date", "content", "comments", "attachments", "customFields",
                "subtasks", "tags", "checklists", "coverimage").forEach(publicFields::add);
        sharing.putNull("token").put("seo_optimized", false);
        out.put("permission_level", "create");
        out.putObject("list").put("id", ws.listId).put("name", ClickUpWorkspace.LIST_NAME).put("access", true);
        out.putObject("project").put("id", ws.hiddenFolderId).put("name", "hidden").put("hidden", true)
                .put("access", true);
        out.putObject("folder").put("id", ws.hiddenFolderId).put("name", "hidden").put("hidden", true)
                .put("access", true);
        out.putObject("space").put("id", ws.spaceId);
        if (withSubtasks) {
            ArrayNode subtasks = out.putArray("subtasks");
            ws.children(task.id).forEach(child -> subtasks.add(task(child, markdown, false)));
        }
        return out;
    }

    /** Tags of a task by name, as a task shows them. */
    ArrayNode tags(List<String> names) {
        ArrayNode tags = json.createArrayNode();
        for (String name : names) {
            ClickUpTag tag = ws.spaceTag(name);
            String fg = tag == null ? ClickUpWorkspace.TAG_COLOR : tag.tagFg();
            String bg = tag == null ? ClickUpWorkspace.TAG_COLOR : tag.tagBg();
            tags.addObject().put("name", name).put("tag_fg", fg).put("tag_bg", bg).put("creator", ws.userId);
        }
        return tags;
    }

    /** Priority 1 (urgent) to 4 (low) as a task shows it; null for none. */
    JsonNode priority(Integer priority) {
        if (priority == null) {
            return json.nullNode();
        }
        String[] p = PRIORITIES[priority - 1];
        return json.createObjectNode().put("color", p[2]).put("id", p[0]).put("orderindex", p[0]).put("priority", p[1]);
    }

    /** A member as webhook history items name the acting user and assignees. */
    ObjectNode member(ClickUpMember m) {
        return memberIdentity(json.createObjectNode(), m);
    }

    /** A custom field's definition without its type config (as history items name the field). */
    ObjectNode fieldIdentity(ClickUpCustomField f) {
        return json.createObjectNode().put("id", f.id()).put("name", f.name()).put("type", f.type());
    }

    ObjectNode status(TaskStatus s) {
        return json.createObjectNode().put("id", s.id()).put("status", s.status()).put("color", s.color())
                .put("orderindex", s.orderindex()).put("type", s.type());
    }

    private ObjectNode field(ClickUpCustomField f) {
        ObjectNode field = json.createObjectNode()
                .put("id", f.id())
                .put("name", f.name())
                .put("type", f.type());
        ObjectNode config = field.putObject("type_config");
        if (f.type().equals("drop_down")) {
            config.put("sorting", "manual").put("new_drop_down", true);
            ArrayNode options = config.putArray("options");
            f.options().forEach(o -> options.addObject().put("id", o.id()).put("name", o.name()).put("color", o.color())
                    .put("orderindex", o.orderindex()));
        }
        field.put("date_created", Long.toString(f.dateCreated()))
                .put("hide_from_guests", false)
                .put("required", false);
        return field;
    }

    private String topLevelParent(Task task) {
        String top = null;
        for (String p = task.parent; p != null; p = ws.findTask(p).map(t -> t.parent).orElse(null)) {
            top = p;
        }
        return top;
    }

    /** The token's user as {@code GET /user} shows it. */
    private ObjectNode userIdentity(ObjectNode user) {
        return memberIdentity(user, ws.member(ws.userId).orElseThrow());
    }

    /** The fields a user object shares in {@code GET /user} and in a team's members, in that order. */
    private ObjectNode memberIdentity(ObjectNode user, ClickUpMember m) {
        return user.put("id", m.id())
                .put("username", m.username())
                .put("email", m.email())
                .put("color", m.color())
                .put("profilePicture", avatarUrl(m.id()))
                .put("initials", m.initials());
    }

    private String avatarUrl() {
        return avatarUrl(ws.userId);
    }

    private static String avatarUrl(int userId) {
        return "https://attachments.clickup.com/profilePictures/" + userId + "_sandbox.jpg";
    }
}
