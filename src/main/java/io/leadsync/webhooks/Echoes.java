package io.leadsync.webhooks;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a verified delivery is only an echo of leadsync's own writes: EVERY change it names was made through the
 * API by the user of leadsync's token ({@code ownId}, learnt by {@link OwnUsers}). Such a delivery need not wake its
 * pair (the pair's shadow already knows what it wrote). Anything else, or anything not known (no own id, a field
 * missing, no change named), is not an echo: it wakes the pair as before. A deletion or an archive announced is
 * judged the same way (dropped only when it is leadsync's own too).
 * <ul>
 * <li>Trello: the action's {@code idMemberCreator} is leadsync's member. Trello cannot tell the API from the UI: a
 * person using the token's own account in Trello looks the same (hence a dedicated integration user).</li>
 * <li>ClickUp: every {@code history_items[].user.id} is leadsync's user (same limit as Trello).</li>
 * <li>Airtable: every listed payload has {@code actionMetadata.source} {@code publicApi} and
 * {@code sourceMetadata.user.id} leadsync's user; a change in Airtable's UI ({@code client}) by the same account is
 * told apart.</li>
 * </ul>
 */
final class Echoes {

    private Echoes() {
    }

    /** @param payload the delivery (an Airtable ping with its listed {@code payloads}); ownId null: not known */
    static boolean isEcho(String service, JsonNode payload, String ownId) {
        if (ownId == null || ownId.isEmpty()) {
            return false;
        }
        return switch (service) {
            case "trello" -> ownId.equals(payload.path("action").path("idMemberCreator").asText(null));
            case "clickup" -> all(payload.path("history_items"), item -> ownId.equals(
                    item.path("user").path("id").asText(null)));
            case "airtable" -> all(payload.path("payloads"), each -> {
                JsonNode action = each.path("actionMetadata");
                return "publicApi".equals(action.path("source").asText(null))
                        && ownId.equals(action.path("sourceMetadata").path("user").path("id").asText(null));
            });
            default -> false;
        };
    }

    /**
     * Whether {@code pair} is the only enabled pair on what {@code service}'s webhook of it watches (its Airtable
     * table, its Trello board, its ClickUp list). Only then is an echo the pair's own: a write of leadsync on a table
     * or board another pair shares is that pair's change to read (three pairs on one table: a status one pair wrote
     * is for the others to carry). Not connected yet (ids unknown): not alone.
     */
    static boolean alone(List<WebhookUpkeep.Target> pairs, String pair, String service) {
        Function<WebhookUpkeep.Target, String> watched = "airtable".equals(service)
                ? t -> join(t.baseId().get(), t.tableId().get())
                : t -> service.equals(t.tracker()) ? join(t.place().get(), "") : null;
        String mine = pairs.stream().filter(t -> t.pair().equals(pair)).findFirst().map(watched).orElse(null);
        return mine != null && pairs.stream().filter(t -> !t.pair().equals(pair)).map(watched)
                .noneMatch(mine::equals);
    }

    private static String join(String id, String within) {
        return id == null || within == null ? null : id + "/" + within;
    }

    /** Each element is ours, and there is at least one: an empty or missing list names nothing known to be ours. */
    private static boolean all(JsonNode items, Predicate<JsonNode> ours) {
        if (!items.isArray() || items.isEmpty()) {
            return false;
        }
        for (JsonNode item : items) {
            if (!ours.test(item)) {
                return false;
            }
        }
        return true;
    }
}
