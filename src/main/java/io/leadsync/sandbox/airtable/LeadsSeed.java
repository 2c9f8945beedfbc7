package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The sandbox's lead table: its schema, ten hand-written leads and a generator for bulk leads. */
public final class LeadsSeed {

    public static final String BASE_ID = "appSANDBOXLEADS01";
    public static final String BASE_NAME = "Leadsync Sandbox";
    public static final String TABLE_NAME = "Leads";
    public static final List<String> STATUSES = List.of("NEW", "CONTACTED", "IN_PROGRESS", "QUALIFIED", "LOST");

    private static final String[] SOURCES = {"Website", "Referral", "Trade show", "Cold call"};

    private LeadsSeed() {
    }

    /** The full schema; filter it to build a table without, say, "Trello Card" or "Status". */
    public static List<FieldSpec> schema() {
        return List.of(
                FieldSpec.text("Name"),
                FieldSpec.of("Email", FieldType.EMAIL),
                FieldSpec.text("Source"),
                FieldSpec.of("Description", FieldType.MULTILINE_TEXT),
                FieldSpec.select("Status", STATUSES.toArray(String[]::new)),
                FieldSpec.text("Trello Card"),
                FieldSpec.text("ClickUp Task ID"),
                FieldSpec.of("Last Modified", FieldType.LAST_MODIFIED_TIME));
    }

    /** Ten leads over all five statuses; some lack Email, Source or Description. */
    static List<Map<String, Object>> handWritten() {
        List<Map<String, Object>> leads = new ArrayList<>();
        leads.add(lead("Ada Lovelace", "ada@example.com", "Website", "Wants a demo of the analytics module.", "NEW"));
        leads.add(lead("Grace Hopper", "grace@example.com", "Referral", null, "NEW"));
        leads.add(lead("Alan Turing", null, "Trade show", "Met at the booth; follow up in May.", "CONTACTED"));
        leads.add(lead("Katherine Johnson", "katherine@example.com", null, "Budget approved for Q3.", "CONTACTED"));
        leads.add(lead("Edsger Dijkstra", "edsger@example.com", "Cold call", null, "IN_PROGRESS"));
        leads.add(lead("Barbara Liskov", null, null, "Needs SSO.\nAsked about pricing tiers.", "IN_PROGRESS"));
        leads.add(lead("Donald Knuth", "don@example.com", "Website", "Signed the pilot agreement.", "QUALIFIED"));
        leads.add(lead("Margaret Hamilton", "margaret@example.com", "Referral", null, "QUALIFIED"));
        leads.add(lead("Dennis Ritchie", "dennis@example.com", "Cold call", "Chose a competitor.", "LOST"));
        leads.add(lead("Frances Allen", null, "Trade show", null, "LOST"));
        return leads;
    }

    /** The n-th generated lead (1-based), deterministic and small. */
    static Map<String, Object> generated(int n) {
        return lead(String.format("Lead %06d", n), n % 7 == 0 ? null : "lead" + n + "@example.com",
                n % 5 == 0 ? null : SOURCES[n % SOURCES.length], n % 3 == 0 ? "Generated lead " + n : null,
                STATUSES.get(n % STATUSES.size()));
    }

    private static Map<String, Object> lead(String name, String email, String source, String description, String status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("Email", email);
        fields.put("Source", source);
        fields.put("Description", description);
        fields.put("Status", status);
        fields.values().removeIf(Objects::isNull);
        return fields;
    }
}
