package io.leadsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import io.leadsync.bench.CallLedger.Cause;
import org.junit.jupiter.api.Test;

/**
 * How the benchmark puts each API call of an idle window with webhooks down to its cause, from snapshots of the
 * emulators' per-endpoint counts: a cycle's reads to the cycle logged next, the webhooks' management to the upkeep,
 * payload listings and reads outside a cycle to "other", and nothing counted before the window opened.
 */
class CallLedgerTest {

    private static final String TABLE = "GET /v0/{baseId}/{table}";
    private static final String ACTIONS = "GET /1/boards/{id}/actions";
    private static final String CARDS = "GET /1/boards/{id}/cards";
    private static final String AIRTABLE_HOOKS = "GET /v0/bases/{baseId}/webhooks";
    private static final String PAYLOADS = "GET /v0/bases/{baseId}/webhooks/{webhookId}/payloads";
    private static final String TRELLO_HOOKS = "GET /1/tokens/{token}/webhooks";

    /** The emulators' counts: Airtable's and Trello's endpoints. */
    private static Map<String, Map<String, Integer>> counts(int table, int actions, int cards, int airtableHooks,
                                                            int payloads, int trelloHooks) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        counts.put("Airtable", Map.of(TABLE, table, AIRTABLE_HOOKS, airtableHooks, PAYLOADS, payloads));
        counts.put("Trello", Map.of(ACTIONS, actions, CARDS, cards, TRELLO_HOOKS, trelloHooks));
        counts.put("ClickUp", Map.of());
        return counts;
    }

    @Test
    void aCyclesReadsAreItsOwnTheWebhooksListsTheUpkeepsAndPayloadListingsOther() {
        // before the window: the start-up's full read and first upkeep
        CallLedger ledger = new CallLedger(counts(10, 1, 1, 1, 0, 1));

        ledger.cycle(false, counts(11, 2, 1, 2, 0, 2)); // a safety poll, an upkeep beside it
        ledger.cycle(true, counts(21, 2, 2, 2, 1, 2)); // the reconciliation; a ping's payload listing beside it
        ledger.cycle(false, counts(22, 3, 2, 2, 1, 2));
        ledger.close(counts(23, 3, 2, 3, 1, 3)); // a read no cycle logged; another upkeep

        assertThat(ledger.polls()).isEqualTo(2);
        assertThat(ledger.reconciliations()).isEqualTo(1);
        assertThat(ledger.calls(Cause.SAFETY_POLLS)).isEqualTo(4);
        assertThat(ledger.describe(Cause.SAFETY_POLLS)).isEqualTo("2 x Airtable " + TABLE + ", 2 x Trello " + ACTIONS);
        assertThat(ledger.calls(Cause.RECONCILIATION)).isEqualTo(11);
        assertThat(ledger.describe(Cause.RECONCILIATION)).isEqualTo("10 x Airtable " + TABLE + ", 1 x Trello " + CARDS);
        assertThat(ledger.calls(Cause.UPKEEP)).isEqualTo(4);
        assertThat(ledger.describe(Cause.OTHER)).isEqualTo("1 x Airtable " + PAYLOADS + ", 1 x Airtable " + TABLE);
    }

    @Test
    void everyWebhookManagementEndpointIsTheUpkeepsButAPayloadListingIsNot() {
        assertThat(CallLedger.upkeepEndpoint("Trello " + TRELLO_HOOKS)).isTrue();
        assertThat(CallLedger.upkeepEndpoint("Airtable POST /v0/bases/{baseId}/webhooks/{webhookId}/refresh")).isTrue();
        assertThat(CallLedger.upkeepEndpoint("ClickUp GET /api/v2/team/{team_id}/webhook")).isTrue();
        assertThat(CallLedger.upkeepEndpoint("ClickUp PUT /api/v2/webhook/{webhook_id}")).isTrue();
        assertThat(CallLedger.upkeepEndpoint("Airtable " + PAYLOADS)).isFalse();
        assertThat(CallLedger.upkeepEndpoint("Airtable " + TABLE)).isFalse();
    }
}
