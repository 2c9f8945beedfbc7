package io.leadsync.sandbox.airtable;

/** A request Airtable would refuse; becomes {@code {"error":{"type":…,"message":…}}} with the status. */
final class AirtableException extends RuntimeException {

    final int status;
    final String type;

    AirtableException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    static AirtableException unprocessable(String type, String message) {
        return new AirtableException(422, type, message);
    }

    static AirtableException invalidRequest() {
        return unprocessable("INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data.");
    }

    static AirtableException unknownField(String name) {
        return unprocessable("UNKNOWN_FIELD_NAME", "Unknown field name: \"" + name + "\"");
    }

    static AirtableException recordNotFound() {
        return new AirtableException(404, "MODEL_ID_NOT_FOUND", "Record not found");
    }
}
