package io.leadsync.sandbox.clickup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in ClickUp's shape, {@code {"err":"...","ECODE":"..."}}, thrown by the store and turned into the
 * HTTP answer by the emulator. The factory methods name the real cases and say where each one comes from.
 */
final class ApiError extends RuntimeException {

    final int status;
    final String ecode;

    ApiError(int status, String err, String ecode) {
        super(err);
        this.status = status;
        this.ecode = ecode;
    }

    Map<String, String> body() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("err", getMessage());
        body.put("ECODE", ecode);
        return body;
    }

    /**
     * An id that does not resolve to anything the token can see. ClickUp does not say "not found" here: it
     * answers 401 "Team not authorized" (observed for wrong list and task ids, e.g. n8n-io/n8n#28584 and
     * Imzachjohnson/clickupython#63; the contract file lists OAUTH_023/OAUTH_027 for it).
     */
    static ApiError notAuthorized() {
        return new ApiError(401, "Team not authorized", "OAUTH_027");
    }

    /** A task that existed and was deleted: 404 "Task not found, deleted" ITEM_013 (measured by clients). */
    static ApiError taskDeleted() {
        return new ApiError(404, "Task not found, deleted", "ITEM_013");
    }

    /** A list id that is not a number: 400 INPUT_003, the measured message verbatim. */
    static ApiError listIdInvalid() {
        return new ApiError(400, "validateListIDEx List ID invalid", "INPUT_003");
    }

    /** Create with a status the list lacks: 400 CRTSK_001 (observed). */
    static ApiError createStatusNotFound() {
        return new ApiError(400, "Status not found", "CRTSK_001");
    }

    /** Update to a status the list lacks: 400 ITEM_114 (observed). */
    static ApiError updateStatusDoesNotExist() {
        return new ApiError(400, "Status does not exist", "ITEM_114");
    }

    /** Create without a name. UNCONFIRMED text and code. */
    static ApiError taskNameInvalid() {
        return new ApiError(400, "Task name invalid", "INPUT_005");
    }

    /** A custom field id the task's list does not have. UNCONFIRMED text and code. */
    static ApiError fieldNotFound() {
        return new ApiError(400, "Custom field not found", "FIELD_015");
    }

    /** A custom field value of the wrong shape. UNCONFIRMED text and code. */
    static ApiError fieldValueInvalid(String why) {
        return new ApiError(400, why, "FIELD_011");
    }

    /** An assignee who is not a member of the workspace. UNCONFIRMED text and code. */
    static ApiError assigneeNotMember() {
        return new ApiError(400, "Assignee not found", "ITEM_045");
    }

    /** A query or body parameter of the wrong shape. UNCONFIRMED code. */
    static ApiError badParameter(String why) {
        return new ApiError(400, why, "INPUT_001");
    }
}
