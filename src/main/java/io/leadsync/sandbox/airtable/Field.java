package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.List;

/** A field of a table; singleSelect choices grow when a typecast write names a new one. */
final class Field {

    /** A singleSelect option as the meta API shows it. */
    record Choice(String id, String name, String color) {
    }

    private static final String[] COLORS = {"blueLight2", "cyanLight2", "tealLight2", "greenLight2",
            "yellowLight2", "orangeLight2", "redLight2", "pinkLight2", "purpleLight2", "grayLight2"};

    final String id;
    final String name;
    final FieldType type;
    /** Position of this field's cell in every record's value array. */
    final int slot;
    private final List<Choice> choices = new ArrayList<>();

    Field(String id, String name, FieldType type, int slot) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.slot = slot;
    }

    List<Choice> choices() {
        return List.copyOf(choices);
    }

    boolean hasChoice(String name) {
        return choices.stream().anyMatch(c -> c.name().equals(name));
    }

    void addChoice(String choiceId, String choiceName) {
        choices.add(new Choice(choiceId, choiceName, COLORS[choices.size() % COLORS.length]));
    }
}
