package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A delivery is leadsync's own echo only when every change it names was made through the API by leadsync's own
 * user, and it is dropped only when no other pair shares what it watches; anything else, or anything unknown, wakes
 * the pair.
 */
class EchoesTest {

    private static final String TRELLO_ME = "5f00000000000000000000aa";
    private static final String AIRTABLE_ME = "usrSANDBOXUSER001";

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private static JsonNode trello(String creator) throws Exception {
        return json("{'action':{'id':'a1','type':'updateCard'" + (creator == null ? "" : ",'idMemberCreator':'"
                + creator + "'") + "},'model':{'id':'b1'}}");
    }

    private static JsonNode clickup(String items) throws Exception {
        return json("{'webhook_id':'w1','event':'taskStatusUpdated','task_id':'t1','history_items':" + items + "}");
    }

    private static String item(String user) {
        return "{'id':'h1','field':'status','user':" + user + "}";
    }

    private static JsonNode airtable(String... payloads) throws Exception {
        return json("{'base':{'id':'appA'},'webhook':{'id':'achW'},'payloads':[" + String.join(",", payloads)
                + "]}");
    }

    private static String payload(String source, String user) {
        return "{'baseTransactionNumber':1,'actionMetadata':{'source':'" + source + "','sourceMetadata':{'user':"
                + "{'id':'" + user + "'}}},'changedTablesById':{}}";
    }

    // ---- Trello

    @Test
    void aTrelloActionByLeadsyncsMemberIsAnEchoOneByAnotherMemberIsNot() throws Exception {
        assertThat(Echoes.isEcho("trello", trello(TRELLO_ME), TRELLO_ME)).isTrue();
        assertThat(Echoes.isEcho("trello", trello("5f00000000000000000000bb"), TRELLO_ME)).isFalse();
    }

    @Test
    void aTrelloActionNamingNoCreatorIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("trello", trello(null), TRELLO_ME)).isFalse();
        assertThat(Echoes.isEcho("trello", json("{'model':{'id':'b1'}}"), TRELLO_ME)).isFalse();
    }

    // ---- ClickUp

    @Test
    void aClickUpEventWhoseEveryHistoryItemIsByLeadsyncsUserIsAnEcho() throws Exception {
        assertThat(Echoes.isEcho("clickup", clickup("[" + item("{'id':183}") + "," + item("{'id':183}") + "]"),
                "183")).isTrue();
    }

    @Test
    void aClickUpEventWithOneHistoryItemByAnotherUserIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("clickup", clickup("[" + item("{'id':183}") + "," + item("{'id':200}") + "]"),
                "183")).isFalse();
    }

    @Test
    void aClickUpEventWithoutHistoryItemsOrUsersIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("clickup", clickup("[]"), "183")).isFalse();
        assertThat(Echoes.isEcho("clickup", json("{'event':'taskDeleted','task_id':'t1'}"), "183")).isFalse();
        assertThat(Echoes.isEcho("clickup", clickup("[" + item("null") + "]"), "183")).isFalse();
        assertThat(Echoes.isEcho("clickup", clickup("[{'id':'h1','field':'status'}]"), "183")).isFalse();
    }

    @Test
    void aClickUpDeletionIsAnEchoOnlyWhenLeadsyncMadeIt() throws Exception {
        JsonNode deleted = json("{'event':'taskDeleted','task_id':'t1','history_items':[" + item("{'id':183}")
                + "]}");

        assertThat(Echoes.isEcho("clickup", deleted, "183")).isTrue();
        assertThat(Echoes.isEcho("clickup", deleted, "200")).isFalse();
    }

    // ---- Airtable

    @Test
    void anAirtablePingWhosePayloadsAreAllLeadsyncsApiChangesIsAnEcho() throws Exception {
        assertThat(Echoes.isEcho("airtable", airtable(payload("publicApi", AIRTABLE_ME),
                payload("publicApi", AIRTABLE_ME)), AIRTABLE_ME)).isTrue();
    }

    @Test
    void anAirtablePingWithOnePayloadByAPersonIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("airtable", airtable(payload("publicApi", AIRTABLE_ME),
                payload("client", "usrSOMEONEELSE01")), AIRTABLE_ME)).isFalse();
        assertThat(Echoes.isEcho("airtable", airtable(payload("publicApi", "usrANOTHERTOKEN1")), AIRTABLE_ME))
                .isFalse();
    }

    @Test
    void anAirtableChangeInTheUiByLeadsyncsOwnAccountIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("airtable", airtable(payload("client", AIRTABLE_ME)), AIRTABLE_ME)).isFalse();
        assertThat(Echoes.isEcho("airtable", airtable(payload("formSubmission", AIRTABLE_ME)), AIRTABLE_ME))
                .isFalse();
    }

    @Test
    void anAirtablePingWithNoPayloadsOrNoActionMetadataIsNotAnEcho() throws Exception {
        assertThat(Echoes.isEcho("airtable", airtable(), AIRTABLE_ME)).isFalse();
        assertThat(Echoes.isEcho("airtable", json("{'base':{'id':'appA'},'webhook':{'id':'achW'}}"), AIRTABLE_ME))
                .isFalse();
        assertThat(Echoes.isEcho("airtable", airtable("{'changedTablesById':{}}"), AIRTABLE_ME)).isFalse();
        assertThat(Echoes.isEcho("airtable", airtable("{'actionMetadata':{'source':'publicApi'}}"), AIRTABLE_ME))
                .isFalse();
    }

    @Test
    void anAirtableDeletionIsAnEchoOnlyWhenLeadsyncMadeIt() throws Exception {
        String destroyed = "{'actionMetadata':{'source':'%s','sourceMetadata':{'user':{'id':'%s'}}},"
                + "'changedTablesById':{'tblL':{'destroyedRecordIds':['rec1']}}}";

        assertThat(Echoes.isEcho("airtable", airtable(destroyed.formatted("publicApi", AIRTABLE_ME)),
                AIRTABLE_ME)).isTrue();
        assertThat(Echoes.isEcho("airtable", airtable(destroyed.formatted("client", "usrSOMEONEELSE01")),
                AIRTABLE_ME)).isFalse();
    }

    // ---- leadsync's own user not known

    @Test
    void withoutLeadsyncsOwnUserNothingIsAnEcho() throws Exception {
        assertThat(Echoes.isEcho("trello", trello(TRELLO_ME), null)).isFalse();
        assertThat(Echoes.isEcho("clickup", clickup("[" + item("{'id':183}") + "]"), null)).isFalse();
        assertThat(Echoes.isEcho("airtable", airtable(payload("publicApi", AIRTABLE_ME)), null)).isFalse();
        assertThat(Echoes.isEcho("trello", trello(""), "")).isFalse();
    }

    // ---- shared with another pair

    private static WebhookUpkeep.Target target(String pair, String tracker, String place, String table) {
        return new WebhookUpkeep.Target(pair, tracker, () -> place, () -> null, () -> "appA", () -> table,
                List::of);
    }

    @Test
    void aPairIsAloneOnWhatNoOtherPairWatches() {
        List<WebhookUpkeep.Target> pairs = List.of(target("p1", "trello", "b1", "tblL"),
                target("p2", "clickup", "b1", "tblOther"));

        assertThat(Echoes.alone(pairs, "p1", "trello")).isTrue();
        assertThat(Echoes.alone(pairs, "p1", "airtable")).isTrue();
        assertThat(Echoes.alone(pairs, "p2", "clickup")).as("a list id like a board's is another service's").isTrue();
    }

    @Test
    void aTableOrBoardSharedWithAnotherPairIsNotAPairsAlone() {
        List<WebhookUpkeep.Target> pairs = List.of(target("p1", "trello", "b1", "tblL"),
                target("p2", "clickup", "l2", "tblL"), target("p3", "trello", "b1", "tblOther"));

        assertThat(Echoes.alone(pairs, "p1", "airtable")).as("p2's table too").isFalse();
        assertThat(Echoes.alone(pairs, "p1", "trello")).as("p3's board too").isFalse();
        assertThat(Echoes.alone(pairs, "p2", "clickup")).isTrue();
        assertThat(Echoes.alone(pairs, "p3", "airtable")).isTrue();
    }

    @Test
    void aPairNotConnectedOrNotKnownIsNotAlone() {
        assertThat(Echoes.alone(List.of(target("p1", "trello", null, null)), "p1", "trello")).isFalse();
        assertThat(Echoes.alone(List.of(target("p1", "trello", null, null)), "p1", "airtable")).isFalse();
        assertThat(Echoes.alone(List.of(target("p1", "trello", "b1", "tblL")), "p9", "trello")).isFalse();
    }

    // ---- the filter

    @Test
    void anEchoWakesNoCycleAndIsCountedAnythingElseWakesThePair() throws Exception {
        List<String> woken = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        EchoFilter filter = new EchoFilter(Map.of("trello", TRELLO_ME)::get, () -> List.of(target("p1", "trello", "b1", "tblL")),
                (pair, service, payload) -> woken.add(pair + " " + service), heard::add);

        filter.wake("p1", "trello", trello(TRELLO_ME));
        filter.wake("p1", "trello", trello("5f00000000000000000000bb"));
        filter.wake("p1", "clickup", clickup("[" + item("{'id':183}") + "]"));

        assertThat(woken).containsExactly("p1 trello", "p1 clickup");
        assertThat(heard).as("the echo still says deliveries arrive").containsExactly("p1");
        assertThat(filter.dropped("p1", "trello")).isEqualTo(1);
        assertThat(filter.dropped("p1", "clickup")).isZero();
        assertThat(filter.dropped("p2", "trello")).isZero();
    }

    @Test
    void leadsyncsOwnChangeToABoardAnotherPairSharesWakesThePair() throws Exception {
        List<String> woken = new ArrayList<>();
        EchoFilter filter = new EchoFilter(Map.of("trello", TRELLO_ME)::get, () -> List.of(
                target("p1", "trello", "b1", "tblL"), target("p2", "trello", "b1", "tblOther")),
                (pair, service, payload) -> woken.add(pair + " " + service), pair -> { });

        filter.wake("p1", "trello", trello(TRELLO_ME));

        assertThat(woken).containsExactly("p1 trello");
        assertThat(filter.dropped("p1", "trello")).isZero();
    }

    @Test
    void aDroppedEchoIsLoggedAtDebugOnly() throws Exception {
        EchoFilter filter = new EchoFilter(Map.of("trello", TRELLO_ME)::get,
                () -> List.of(target("p1", "trello", "b1", "tblL")), (pair, service, payload) -> { }, pair -> { });
        Logger logger = (Logger) LoggerFactory.getLogger(EchoFilter.class);
        Level before = logger.getLevel();
        String atInfo;
        String atDebug;
        try (LogCapture log = LogCapture.start()) {
            logger.setLevel(Level.INFO);
            filter.wake("p1", "trello", trello(TRELLO_ME));
            atInfo = log.text();
            logger.setLevel(Level.DEBUG);
            filter.wake("p1", "trello", trello(TRELLO_ME));
            atDebug = log.text();
        } finally {
            logger.setLevel(before);
        }

        assertThat(atInfo).isEmpty();
        assertThat(atDebug).isEqualTo("webhook from trello for pair p1: leadsync's own change (action updateCard a1 "
                + "on b1), no cycle woken");
    }
}
