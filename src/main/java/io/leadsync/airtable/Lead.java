package io.leadsync.airtable;

import java.util.Map;

/**
 * One Airtable record as text values (Airtable omits empty fields, so a missing field reads as "").
 *
 * @param modifiedAt the record's last modification, epoch ms (from the table's last-modified field)
 */
public record Lead(String id, Map<String, String> fields, long modifiedAt) {

    public String field(String name) {
        String value = fields.get(name);
        return value == null ? "" : value;
    }
}
