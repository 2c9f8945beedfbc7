package io.leadsync.airtable;

/**
 * Which Airtable fields hold what; names come from {@code leadsync.airtable.fields.*}. The link fields are
 * optional: when the table has them, leadsync writes the card/task id back.
 */
public record LeadSchema(String name, String email, String source, String description, String status,
                         String lastModified) {
}
