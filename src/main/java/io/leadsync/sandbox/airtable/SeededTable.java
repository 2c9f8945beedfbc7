package io.leadsync.sandbox.airtable;

/** Where the sandbox put a seeded table. */
public record SeededTable(String baseId, String tableId, String tableName) {
}
