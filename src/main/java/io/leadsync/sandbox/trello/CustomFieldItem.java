package io.leadsync.sandbox.trello;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A card's value for a custom field. Trello keeps values as strings under the type's key
 * ({@code {"number":"42"}}, {@code {"checked":"true"}}); list fields hold the chosen option in idValue.
 */
final class CustomFieldItem {

    final String id;
    final CustomField field;
    final Card card;
    /** The value object, e.g. {"text":"rec123"}; null for list fields. */
    ObjectNode value;
    String idValue;

    CustomFieldItem(String id, CustomField field, Card card) {
        this.id = id;
        this.field = field;
        this.card = card;
    }

    ObjectNode json() {
        ObjectNode i = TrelloJson.object();
        i.put("id", id);
        if (idValue != null) {
            i.put("idValue", idValue);
        } else {
            i.set("value", value);
        }
        i.put("idCustomField", field.id).put("idModel", card.id).put("modelType", "card");
        return i;
    }
}
