package io.leadsync.sandbox.airtable;

/** The Airtable field types the sandbox models, with their wire names. */
public enum FieldType {
    SINGLE_LINE_TEXT("singleLineText"),
    EMAIL("email"),
    MULTILINE_TEXT("multilineText"),
    SINGLE_SELECT("singleSelect"),
    NUMBER("number"),
    CHECKBOX("checkbox"),
    LAST_MODIFIED_TIME("lastModifiedTime"),
    CREATED_TIME("createdTime");

    private final String wireName;

    FieldType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Computed fields are filled in by Airtable and refuse writes. */
    public boolean computed() {
        return this == LAST_MODIFIED_TIME || this == CREATED_TIME;
    }
}
