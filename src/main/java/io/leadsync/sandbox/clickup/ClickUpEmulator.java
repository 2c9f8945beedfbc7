package io.leadsync.sandbox.clickup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.Request;
import io.leadsync.sandbox.Response;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SlidingWindowLimiter;

/**
 * ClickUp API v2 on loopback ({@code baseUrl() + "/api/v2"}), seeded with the sandbox workspace described in
 * {@link ClickUpWorkspace}. Behaviour that real clients can observe follows the real service:
 * <ul>
 *   <li>Auth: {@code Authorization: <personal token>} with no scheme; only {@link SandboxCredentials#CLICKUP_TOKEN}
 *       (and {@code Bearer <oauthToken>} when {@link ClickUpSettings#oauthToken()} is set) is accepted. No header:
 *       <b>400</b> {@code {"err":"Authorization header required","ECODE":"OAUTH_017"}} (measured by a public client;
 *       400, not 401). A wrong {@code pk_} token: 401 {@code {"err":"Token invalid","ECODE":"OAUTH_025"}}; anything
 *       else (a Bearer token or a raw non-personal value): 401 {@code {"err":"Oauth token not found","ECODE":"OAUTH_018"}}.</li>
 *   <li>Ids that resolve to nothing: 401 "Team not authorized" OAUTH_027, except deleted tasks (404 ITEM_013) and
 *       non-numeric list ids (400 INPUT_003); see {@link ApiError}.</li>
 *   <li>Unknown paths and wrong methods on known paths: 404 with Express's HTML page ("Cannot PATCH /api/v2/…").</li>
 *   <li>Rate limit: {@link ClickUpSettings#requestsPerMinute()} per token. Every authenticated API answer (not the
 *       proxy pages below) carries
 *       {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (Unix seconds when the
 *       window is fully replenished); beyond it, 429 with {@code {"err":"Rate limit reached","ECODE":"APP_002"}}
 *       (body UNCONFIRMED: the docs only name the headers).</li>
 *   <li>Injected faults: 500 answers JSON {@code {"err":"Internal Server Error","ECODE":"SERVER_001"}} (UNCONFIRMED);
 *       502 and 503 answer the HTML page of the load balancer in front of the API, as a proxy would.</li>
 *   <li>Malformed JSON bodies: 400 {@code {"err":"Unexpected token in JSON","ECODE":"INPUT_001"}} (UNCONFIRMED).</li>
 *   <li>Task fields beyond name, description and status: tags ({@code tags: [names]} on create, their own
 *       endpoints after, the space's tags at {@code GET /space/{id}/tag}), assignees ({@code assignees: [user ids]}
 *       on create, {@code {add, rem}} on update, the list's members at {@code GET /list/{id}/member}), priority, due
 *       date and custom field values checked by type ({@link FieldValues}); each change moves {@code date_updated}.</li>
 * </ul>
 * Webhooks as ClickUp has them ({@link ClickUpWebhooks}): {@code POST|GET /team/{team_id}/webhook},
 * {@code PUT|DELETE /webhook/{webhook_id}}, signed deliveries of every task change with retries and health, sent
 * through {@link #deliveries()} (where delivery faults are set). A change made through the API is by the token's
 * user; one made through the public methods below by Dana Seller, a person of the workspace. Tests and simulated
 * users change state through those methods, which take the same lock as HTTP requests and bump
 * {@code date_updated} exactly like API writes, using the emulator's clock.
 */
public final class ClickUpEmulator extends EmulatorServer {

    private static final String API = "/api/v2";

    private final ClickUpSettings settings;
    private final ClickUpWorkspace ws;
    private final ClickUpJson render;
    private final SlidingWindowLimiter limiter;
    private final ClickUpWebhooks webhooks;

    public ClickUpEmulator(Clock clock, long seed) {
        this(clock, seed, ClickUpSettings.defaults());
    }

    public ClickUpEmulator(Clock clock, long seed, ClickUpSettings settings) {
        super(clock);
        this.settings = settings;
        this.ws = new ClickUpWorkspace(clock, seed, settings.airtableRecordIdField());
        this.render = new ClickUpJson(json, ws);
        this.limiter = new SlidingWindowLimiter(settings.requestsPerMinute(), settings.rateWindowMillis(), 0);
        this.webhooks = new ClickUpWebhooks(json, ws, render, deliveries(), this, seed);
        ws.onChange(webhooks::changed);
        registerRoutes();
    }

    @Override
    public String name() {
        return "clickup";
    }

    @Override
    protected JsonNode saveState() {
        return SavedClickUp.save(ws).set("webhooks", webhooks.save());
    }

    @Override
    protected void loadState(JsonNode saved) {
        SavedClickUp.load(ws, saved);
        webhooks.load(saved.path("webhooks"));
    }

    // ===================================================================== Java API (tests, simulated users)

    public String teamId() {
        return ws.teamId;
    }

    public String spaceId() {
        return ws.spaceId;
    }

    /** The folderless list "Leads Work". */
    public String leadsListId() {
        return ws.listId;
    }

    /** The name of the list {@link #leadsListId()} names. */
    public String leadsListName() {
        return ClickUpWorkspace.LIST_NAME;
    }

    public int userId() {
        return ws.userId;
    }

    /** The workspace's members, the token's user first; every one is a member of the list. */
    public List<ClickUpMember> members() {
        return ws.members;
    }

    /** The space's task tags, in the order they were made. */
    public List<ClickUpTag> spaceTags() {
        return withState(ws::spaceTags);
    }

    /** A person makes a tag in the space. */
    public ClickUpTag addSpaceTag(String name, String tagFg, String tagBg) {
        return withState(() -> ws.addSpaceTag(name, tagFg, tagBg));
    }

    /** The "Airtable Record ID" short-text field, unless the settings left it out. */
    public Optional<String> airtableRecordIdFieldId() {
        return ws.fields.stream().filter(f -> f.name().equals(ClickUpWorkspace.AIRTABLE_FIELD_NAME))
                .map(ClickUpCustomField::id).findFirst();
    }

    /** The list's statuses, in order: "to do" (open), "in progress" (custom), "complete" (closed). */
    public List<TaskStatus> statuses() {
        return ws.statuses;
    }

    /** Creates a task in the list's first status. */
    public ClickUpTask createTask(String name) {
        return createTask(name, null);
    }

    /** Creates a task; {@code status} is one of the list's statuses (any case) or null for the first. */
    public ClickUpTask createTask(String name, String status) {
        return withState(() -> {
            Task task = ws.create(name, status);
            ws.announce(task);
            return task.snapshot();
        });
    }

    /** Creates {@code count} tasks named "Generated lead 1"… at the current clock time (for paging, benchmarks). */
    public List<ClickUpTask> addGeneratedTasks(int count) {
        return withState(() -> {
            List<ClickUpTask> created = new ArrayList<>(count);
            int start = ws.tasks().size();
            for (int i = 1; i <= count; i++) {
                Task task = ws.create("Generated lead " + (start + i), null);
                ws.announce(task);
                created.add(task.snapshot());
            }
            return created;
        });
    }

    public ClickUpTask renameTask(String taskId, String name) {
        return change(taskId, t -> ws.rename(t, name));
    }

    public ClickUpTask describeTask(String taskId, String description) {
        return change(taskId, t -> ws.describe(t, description, null));
    }

    public ClickUpTask setStatus(String taskId, String status) {
        return change(taskId, t -> ws.moveTo(t, status));
    }

    public ClickUpTask archiveTask(String taskId, boolean archived) {
        return change(taskId, t -> ws.archive(t, archived));
    }

    /** Sets a custom field value (a String, Number or Boolean; null clears it). */
    public ClickUpTask setCustomField(String taskId, String fieldId, Object value) {
        return change(taskId, t -> ws.setValue(t, fieldId, json.valueToTree(value)));
    }

    /**
     * A person adds a custom field to the list in ClickUp's UI (API v2 has no call for it): its type is ClickUp's
     * ("short_text", "text", "email", "url", "phone", "number", "currency", "date", "checkbox", "drop_down"), and a
     * drop_down's options are named in order (orderindex 0, 1, ...).
     */
    public ClickUpCustomField addCustomField(String name, String type, String... dropDownOptions) {
        return withState(() -> ws.addField(name, type, List.of(dropDownOptions)));
    }

    /** The list's custom fields, as GET /list/{id}/field lists them. */
    public List<ClickUpCustomField> customFields() {
        return withState(() -> List.copyOf(ws.fields));
    }

    /** A person tags a task (a tag the space lacks is made there). */
    public ClickUpTask tagTask(String taskId, String tag) {
        return change(taskId, t -> ws.tag(t, tag));
    }

    public ClickUpTask untagTask(String taskId, String tag) {
        return change(taskId, t -> ws.untag(t, tag));
    }

    /** A person assigns a member of the workspace to a task. */
    public ClickUpTask assignTask(String taskId, int userId) {
        return change(taskId, t -> ws.assign(t, ws.requireMember(json.getNodeFactory().numberNode(userId))));
    }

    public ClickUpTask unassignTask(String taskId, int userId) {
        return change(taskId, t -> ws.unassign(t, userId));
    }

    /** Priority 1 (urgent) to 4 (low), or null for none. */
    public ClickUpTask setPriority(String taskId, Integer priority) {
        return change(taskId, t -> ws.setPriority(t, priority));
    }

    /** Due date in Unix milliseconds, or null for none. */
    public ClickUpTask setDueDate(String taskId, Long dueDate) {
        return change(taskId, t -> ws.setDueDate(t, dueDate));
    }

    /** A person deletes one of the list's custom fields in ClickUp's UI (the API has no call for it). */
    public void deleteCustomField(String fieldId) {
        withState(() -> {
            ws.deleteField(fieldId);
            return null;
        });
    }

    public void deleteTask(String taskId) {
        withState(() -> {
            ws.delete(ws.task(taskId));
            return null;
        });
    }

    /** Sets {@code date_updated} exactly (no other change), to test polling-boundary handling. */
    public ClickUpTask setDateUpdated(String taskId, long epochMillis) {
        return change(taskId, t -> ws.setDateUpdated(t, epochMillis));
    }

    public Optional<ClickUpTask> task(String taskId) {
        return withState(() -> ws.findTask(taskId).map(Task::snapshot));
    }

    /** All tasks (closed, archived and subtasks included), in creation order. */
    public List<ClickUpTask> tasks() {
        return withState(() -> ws.tasks().stream().map(Task::snapshot).toList());
    }

    /** How long a webhook delivery attempt waits for the answer (7 s, as on ClickUp). */
    public void webhookTimeout(Duration timeout) {
        webhooks.timeout(timeout);
    }

    /** How long before each retry of a failed webhook delivery (10 s by default; ClickUp does not say). */
    public void webhookRetryDelay(Duration delay) {
        webhooks.retryDelay(delay);
    }

    /** The ids of the workspace's webhooks, in the order they were made. */
    public List<String> webhookIds() {
        return withState(webhooks::ids);
    }

    /** ClickUp suspends the webhook (as after 100 failed deliveries): nothing is sent until it is set active. */
    public void suspendWebhook(String webhookId) {
        withState(() -> {
            webhooks.suspend(webhookId);
            return null;
        });
    }

    private ClickUpTask change(String taskId, Consumer<Task> action) {
        return withState(() -> {
            Task task = ws.task(taskId);
            action.accept(task);
            return task.snapshot();
        });
    }

    // ===================================================================== HTTP

    private void registerRoutes() {
        api("GET", "/user", r -> ok(render.user()));
        api("GET", "/team", r -> ok(render.teams()));
        api("GET", "/team/{team_id}/space", r -> {
            ws.requireTeam(r.pathParam("team_id"));
            return ok(render.spaces());
        });
        api("GET", "/space/{space_id}/list", r -> {
            ws.requireSpace(r.pathParam("space_id"));
            return ok(r.query("archived") != null && r.query("archived").equals("true")
                    ? json.createObjectNode().set("lists", json.createArrayNode()) : render.lists());
        });
        api("GET", "/space/{space_id}/tag", r -> {
            ws.requireSpace(r.pathParam("space_id"));
            return ok(render.spaceTags());
        });
        api("GET", "/list/{list_id}/member", r -> {
            ws.requireList(r.pathParam("list_id"));
            return ok(render.listMembers());
        });
        api("POST", "/task/{task_id}/tag/{tag_name}", r -> {
            ws.tag(ws.task(r.pathParam("task_id")), r.pathParam("tag_name"));
            return ok(json.createObjectNode());
        });
        api("DELETE", "/task/{task_id}/tag/{tag_name}", r -> {
            ws.untag(ws.task(r.pathParam("task_id")), r.pathParam("tag_name"));
            return ok(json.createObjectNode());
        });
        api("GET", "/space/{space_id}/folder", r -> {
            ws.requireSpace(r.pathParam("space_id"));
            return ok(render.folders());
        });
        api("GET", "/list/{list_id}", r -> {
            ws.requireList(r.pathParam("list_id"));
            return ok(render.list(true));
        });
        api("GET", "/list/{list_id}/field", r -> {
            ws.requireList(r.pathParam("list_id"));
            return ok(render.fields());
        });
        api("GET", "/list/{list_id}/task", this::listTasks);
        api("POST", "/list/{list_id}/task", this::createTask);
        api("GET", "/task/{task_id}", r -> ok(render.task(ws.task(r.pathParam("task_id")),
                bool(r, "include_markdown_description"), bool(r, "include_subtasks"))));
        api("PUT", "/task/{task_id}", this::updateTask);
        api("DELETE", "/task/{task_id}", r -> {
            ws.delete(ws.task(r.pathParam("task_id")));
            return new Response(204, "application/json; charset=utf-8", new byte[0], new LinkedHashMap<>());
        });
        api("POST", "/task/{task_id}/field/{field_id}", r -> {
            JsonNode body = objectBody(r);
            ws.setValue(ws.task(r.pathParam("task_id")), r.pathParam("field_id"), body.path("value"));
            return ok(json.createObjectNode());
        });
        api("POST", "/team/{team_id}/webhook", r -> ok(webhooks.create(r.pathParam("team_id"), objectBody(r))));
        api("GET", "/team/{team_id}/webhook", r -> ok(webhooks.list(r.pathParam("team_id"))));
        api("PUT", "/webhook/{webhook_id}", r -> ok(webhooks.update(r.pathParam("webhook_id"), objectBody(r))));
        api("DELETE", "/webhook/{webhook_id}", r -> ok(webhooks.delete(r.pathParam("webhook_id"))));
        api("DELETE", "/task/{task_id}/field/{field_id}", r -> {
            ws.clearValue(ws.task(r.pathParam("task_id")), r.pathParam("field_id"));
            return ok(json.createObjectNode());
        });
    }

    private Response listTasks(Request r) {
        ws.requireList(r.pathParam("list_id"));
        TaskQuery query = TaskQuery.from(r, json);
        TaskQuery.Page page = query.apply(ws.tasks());
        ObjectNode out = json.createObjectNode();
        var tasks = out.putArray("tasks");
        page.tasks().forEach(t -> tasks.add(render.task(t, query.markdown, false)));
        out.put("last_page", page.lastPage());
        return ok(out);
    }

    /** Validates everything first, so a refused create leaves no task behind. */
    private Response createTask(Request r) {
        ws.requireList(r.pathParam("list_id"));
        JsonNode body = objectBody(r);
        String name = text(body, "name");
        if (name == null || name.isBlank()) {
            throw ApiError.taskNameInvalid();
        }
        JsonNode fields = body.path("custom_fields");
        fields.forEach(f -> ws.checkValue(f.path("id").asText(), f.path("value")));
        List<Integer> assignees = new ArrayList<>();
        body.path("assignees").forEach(id -> assignees.add(ws.requireMember(id)));
        List<String> tags = new ArrayList<>();
        body.path("tags").forEach(tag -> tags.add(tag.asText()));
        if (tags.stream().anyMatch(String::isBlank)) {
            throw ApiError.badParameter("Tag name invalid");
        }
        String parent = text(body, "parent");
        if (parent != null) {
            ws.task(parent);
        }
        Integer priority = body.hasNonNull("priority") ? body.get("priority").asInt() : null;
        if (priority != null && (priority < 1 || priority > 4)) {
            throw ApiError.badParameter("Priority invalid");
        }
        Task task = ws.create(name, text(body, "status"));
        String description = text(body, "description");
        String markdown = text(body, "markdown_content");
        // markdown_content wins over description; its plain text becomes the description
        if (markdown != null || description != null) {
            ws.describe(task, markdown != null ? markdown : description, markdown);
        }
        fields.forEach(f -> ws.setValue(task, f.path("id").asText(), f.path("value")));
        assignees.forEach(id -> ws.assign(task, id));
        tags.forEach(tag -> ws.tag(task, tag));
        ws.setPriority(task, priority);
        ws.setParent(task, parent);
        if (body.hasNonNull("due_date")) {
            ws.setDueDate(task, body.get("due_date").asLong());
        }
        ws.archive(task, body.path("archived").asBoolean(false));
        ws.setDateUpdated(task, task.dateCreated);
        ws.announce(task);
        return ok(render.task(task, false, false));
    }

    /**
     * Only the fields present change; custom fields and tags are not touched here (they have their own endpoints).
     * Assignees change by {@code {add: [ids], rem: [ids]}}; a plain array is taken and ignored, as ClickUp does
     * (observed by clients: 200, assignees unchanged).
     */
    private Response updateTask(Request r) {
        Task task = ws.task(r.pathParam("task_id"));
        JsonNode body = objectBody(r);
        if (body.hasNonNull("status")) {
            ws.status(body.get("status").asText()).orElseThrow(ApiError::updateStatusDoesNotExist);
        }
        List<Integer> added = new ArrayList<>();
        body.path("assignees").path("add").forEach(id -> added.add(ws.requireMember(id)));
        if (body.has("name")) {
            ws.rename(task, text(body, "name"));
        }
        if (body.has("description") || body.has("markdown_content")) {
            String markdown = text(body, "markdown_content");
            String description = text(body, "description");
            ws.describe(task, markdown != null ? markdown : description == null ? "" : description, markdown);
        }
        if (body.hasNonNull("status")) {
            ws.moveTo(task, body.get("status").asText());
        }
        if (body.has("archived")) {
            ws.archive(task, body.get("archived").asBoolean());
        }
        if (body.has("priority")) {
            ws.setPriority(task, body.hasNonNull("priority") ? body.get("priority").asInt() : null);
        }
        if (body.has("due_date")) {
            ws.setDueDate(task, body.hasNonNull("due_date") ? body.get("due_date").asLong() : null);
        }
        if (body.has("parent")) {
            ws.setParent(task, text(body, "parent"));
        }
        body.path("assignees").path("rem").forEach(id -> ws.unassign(task, id.asInt()));
        added.forEach(id -> ws.assign(task, id));
        return ok(render.task(task, false, false));
    }

    /**
     * Registers an API route whose refusals become ClickUp error bodies and whose answers carry rate headers; its
     * changes are by the token's user.
     */
    private void api(String method, String path, Handler handler) {
        route(method, API + path, request -> {
            Response response;
            ws.actor = ws.userId;
            try {
                response = handler.apply(request);
            } catch (ApiError e) {
                response = Response.json(e.status, e.body());
            } finally {
                ws.actor = ws.person();
            }
            return withRateHeaders(response, request);
        });
    }

    private JsonNode objectBody(Request request) {
        JsonNode body = request.jsonBody();
        if (!body.isObject()) {
            throw ApiError.badParameter("Body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String name) {
        return body.hasNonNull(name) ? body.get(name).asText() : null;
    }

    private static boolean bool(Request request, String name) {
        return "true".equalsIgnoreCase(request.query(name));
    }

    private static Response ok(JsonNode body) {
        return Response.json(200, body);
    }

    // ===================================================================== auth, limits, failures

    @Override
    protected Response authenticate(Request request) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            return Response.json(400, new ApiError(400, "Authorization header required", "OAUTH_017").body());
        }
        String value = header.trim();
        if (value.equals(SandboxCredentials.CLICKUP_TOKEN)
                || settings.oauthToken() != null && value.equals("Bearer " + settings.oauthToken())) {
            return null;
        }
        ApiError refusal = value.startsWith("pk_") ? new ApiError(401, "Token invalid", "OAUTH_025")
                : new ApiError(401, "Oauth token not found", "OAUTH_018");
        return Response.json(401, refusal.body());
    }

    @Override
    protected Response rateLimit(Request request) {
        long now = clock.millis();
        long retryAt = limiter.acquire(token(request), now);
        if (retryAt == 0) {
            return null;
        }
        return rateLimited(request, retryAt);
    }

    private Response rateLimited(Request request, long retryAt) {
        return Response.json(429, new ApiError(429, "Rate limit reached", "APP_002").body())
                .withHeader("X-RateLimit-Limit", Integer.toString(limiter.limit()))
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(ceilSeconds(retryAt)));
    }

    /** Reset = when every request now in the window has left it, i.e. the quota is whole again. */
    private Response withRateHeaders(Response response, Request request) {
        long now = clock.millis();
        return response
                .withHeader("X-RateLimit-Limit", Integer.toString(limiter.limit()))
                .withHeader("X-RateLimit-Remaining", Integer.toString(limiter.remaining(token(request), now)))
                .withHeader("X-RateLimit-Reset", Long.toString(ceilSeconds(now + limiter.windowMillis())));
    }

    private static String token(Request request) {
        return request.header("Authorization").trim();
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    @Override
    protected Response faultResponse(Fault fault, Request request) {
        return switch (fault) {
            case RATE_LIMIT -> rateLimited(request, clock.millis() + limiter.windowMillis());
            case SERVER_ERROR_500 -> withRateHeaders(
                    Response.json(500, new ApiError(500, "Internal Server Error", "SERVER_001").body()), request);
            default -> proxyPage(fault.httpStatus());
        };
    }

    /** The load balancer's page: it answers 502/503 before the API sees the request, so no API headers. */
    private static Response proxyPage(int status) {
        String title = status + (status == 502 ? " Bad Gateway" : " Service Temporarily Unavailable");
        return Response.html(status, "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                + title + "</h1></center>\r\n</body>\r\n</html>\r\n");
    }

    @Override
    protected Response unknownRoute(Request request) {
        String escaped = request.path().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return withRateHeaders(Response.html(404, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Error</title>\n</head>\n<body>\n<pre>Cannot " + request.method() + " " + escaped
                + "</pre>\n</body>\n</html>\n"), request);
    }

    @Override
    protected Response malformedBody(Request request, String reason) {
        return withRateHeaders(Response.json(400,
                new ApiError(400, "Unexpected token in JSON", "INPUT_001").body()), request);
    }
}
