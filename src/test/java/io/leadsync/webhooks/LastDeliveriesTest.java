package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.LogCapture;
import org.junit.jupiter.api.Test;

/** A wake-up: the pair woken, the last delivery per pair kept, one INFO line each, a duplicate changing nothing. */
class LastDeliveriesTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aWakeUpKeepsThePairsLastDeliveryAndSaysWhatItNames() throws Exception {
        List<String> woken = new ArrayList<>();
        LastDeliveries wakeUps = new LastDeliveries((pair, readAll) -> woken.add(pair + (readAll ? " in full" : "")));
        JsonNode ping = json("{\"base\":{\"id\":\"appA\"},\"webhook\":{\"id\":\"achW\"},\"timestamp\":\"x\"}");

        String text;
        try (LogCapture log = LogCapture.start()) {
            wakeUps.wake("trello", "airtable", ping);
            text = log.text();
        }

        assertThat(wakeUps.last("trello")).contains(new LastDeliveries.Delivery("airtable", ping));
        assertThat(wakeUps.last("clickup")).isEmpty();
        assertThat(woken).containsExactly("trello");
        assertThat(text).isEqualTo("webhook from airtable for pair trello: ping of webhook achW for base appA");
    }

    @Test
    void theSameDeliveryTwiceLeavesTheSameStateAsOnce() throws Exception {
        LastDeliveries once = new LastDeliveries((pair, readAll) -> { });
        LastDeliveries twice = new LastDeliveries((pair, readAll) -> { });
        JsonNode task = json("{\"event\":\"taskUpdated\",\"task_id\":\"t1\"}");

        once.wake("clickup", "clickup", task);
        twice.wake("clickup", "clickup", task);
        twice.wake("clickup", "clickup", task);

        assertThat(twice.last("clickup")).isEqualTo(once.last("clickup"));
    }

    @Test
    void trelloAndClickUpDeliveriesAreSummedUpByTheirIdsAndEvents() throws Exception {
        assertThat(LastDeliveries.summary("trello", json(
                "{\"action\":{\"id\":\"a1\",\"type\":\"updateCard\",\"data\":{\"card\":{\"name\":\"Ada\"}}},"
                        + "\"model\":{\"id\":\"b1\"}}"))).isEqualTo("action updateCard a1 on b1");
        assertThat(LastDeliveries.summary("clickup", json("{\"event\":\"taskMoved\",\"task_id\":\"t9\"}")))
                .isEqualTo("taskMoved on task t9");
    }

    /** What an incremental read cannot see (a deleted lead, a deleted or archived task) wakes a full read. */
    @Test
    void aDeliveryAnnouncingADeletionOrAnArchiveWakesAFullRead() throws Exception {
        List<String> woken = new ArrayList<>();
        LastDeliveries wakeUps = new LastDeliveries((pair, readAll) -> woken.add(pair + (readAll ? " in full" : "")));

        wakeUps.wake("p1", "airtable", json("{\"webhook\":{\"id\":\"achW\"},\"payloads\":[{\"changedTablesById\":"
                + "{\"tblA\":{\"changedRecordsById\":{\"rec1\":{}}}}},{\"changedTablesById\":{\"tblA\":"
                + "{\"destroyedRecordIds\":[\"rec2\"]}}}]}"));
        wakeUps.wake("p2", "airtable", json("{\"payloads\":[{\"changedTablesById\":{\"tblA\":"
                + "{\"changedRecordsById\":{\"rec1\":{}}}}}]}"));
        wakeUps.wake("p3", "clickup", json("{\"event\":\"taskDeleted\",\"task_id\":\"t1\"}"));
        wakeUps.wake("p4", "clickup", json("{\"event\":\"taskUpdated\",\"task_id\":\"t1\",\"history_items\":"
                + "[{\"field\":\"archived\",\"before\":false,\"after\":true}]}"));
        wakeUps.wake("p5", "clickup", json("{\"event\":\"taskUpdated\",\"task_id\":\"t1\",\"history_items\":"
                + "[{\"field\":\"name\"}]}"));
        wakeUps.wake("p6", "trello", json("{\"action\":{\"id\":\"a1\",\"type\":\"deleteCard\"},"
                + "\"model\":{\"id\":\"b1\"}}"));

        assertThat(woken).as("Trello's changes read sees deletions in the board's actions")
                .containsExactly("p1 in full", "p2", "p3 in full", "p4 in full", "p5", "p6");
    }
}
