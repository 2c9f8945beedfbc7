package io.leadsync.sandbox.clickup;

/**
 * How a {@link ClickUpEmulator} behaves. The defaults are the real service's published values.
 *
 * @param requestsPerMinute     per-token limit (ClickUp: 100/min on Free, Unlimited and Business plans)
 * @param rateWindowMillis      the window the limit applies to (one minute on the real service)
 * @param airtableRecordIdField whether the seeded list has the short-text field "Airtable Record ID"
 * @param oauthToken            an OAuth access token accepted as {@code Authorization: Bearer <token>}, or null
 */
public record ClickUpSettings(int requestsPerMinute, long rateWindowMillis, boolean airtableRecordIdField,
                              String oauthToken) {

    public static ClickUpSettings defaults() {
        return new ClickUpSettings(100, 60_000, true, null);
    }

    public ClickUpSettings withRequestsPerMinute(int limit) {
        return new ClickUpSettings(limit, rateWindowMillis, airtableRecordIdField, oauthToken);
    }

    public ClickUpSettings withRateWindowMillis(long millis) {
        return new ClickUpSettings(requestsPerMinute, millis, airtableRecordIdField, oauthToken);
    }

    public ClickUpSettings withoutAirtableRecordIdField() {
        return new ClickUpSettings(requestsPerMinute, rateWindowMillis, false, oauthToken);
    }

    public ClickUpSettings withOauthToken(String token) {
        return new ClickUpSettings(requestsPerMinute, rateWindowMillis, airtableRecordIdField, token);
    }
}
