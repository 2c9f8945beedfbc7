package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.LogCapture;
import org.junit.jupiter.api.Test;

/** The wake-up for now: the last delivery per pair, one INFO line each, a duplicate changing nothing. */
class LastDeliveriesTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aWakeUpKeepsThePairsLastDeliveryAndSaysWhatItNames() throws Exception {
        LastDeliveries wakeUps = new LastDeliveries();
        JsonNode ping = json("{\"base\":{\"id\":\"appA\"},\"webhook\":{\"id\":\"achW\"},\"timestamp\":\"x\"}");

        String text;
        try (LogCapture log = LogCapture.start()) {
            wakeUps.wake("trello", "airtable", ping);
            text = log.text();
        }

        assertThat(wakeUps.last("trello")).contains(new LastDeliveries.Delivery("airtable", ping));
        assertThat(wakeUps.last("clickup")).isEmpty();
        assertThat(text).isEqualTo("webhook from airtable for pair trello: ping of webhook achW for base appA");
    }

    @Test
    void theSameDeliveryTwiceLeavesTheSameStateAsOnce() throws Exception {
        LastDeliveries once = new LastDeliveries();
        LastDeliveries twice = new LastDeliveries();
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
}
