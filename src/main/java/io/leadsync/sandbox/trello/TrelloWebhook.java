package io.leadsync.sandbox.trello;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.leadsync.time.IsoTimes;

/** A webhook registration: which model to watch and where to POST its actions. */
final class TrelloWebhook {

    final String id;
    final String token;
    String idModel;
    String callbackURL;
    String description;
    boolean active;
    int consecutiveFailures;
    Instant firstConsecutiveFailDate;

    TrelloWebhook(String id, String token, String idModel, String callbackURL, String description, boolean active) {
        this.id = id;
        this.token = token;
        this.idModel = idModel;
        this.callbackURL = callbackURL;
        this.description = description;
        this.active = active;
    }

    ObjectNode json() {
        return TrelloJson.object().put("id", id).put("description", description).put("idModel", idModel)
                .put("callbackURL", callbackURL).put("active", active)
                .put("consecutiveFailures", consecutiveFailures)
                .put("firstConsecutiveFailDate", IsoTimes.format(firstConsecutiveFailDate));
    }
}
