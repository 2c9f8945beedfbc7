package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.leadsync.webhooks.WebhookPlans.Plan;
import io.leadsync.webhooks.WebhookPlans.Step;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the lifecycle does with a pair's webhook, from what is stored and what the service lists now. */
class WebhookPlansTest {

    static final String BOARD = "5f0000000000000000000001";
    static final String URL = "https://sync.example.com/webhooks/trello/trello";
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration MARGIN = Duration.ofDays(6);

    @Nested
    class Trello {

        @Test
        void noneStoredNoneListedIsCreated() {
            assertThat(WebhookPlans.trello(null, List.of(), BOARD, URL).step()).isEqualTo(Step.CREATE);
        }

        @Test
        void leadsyncsOwnFoundByBoardAndCallbackIsReusedAfterARestartThatLostNothing() {
            List<WebhookBodies.TrelloHook> listed = List.of(
                    new WebhookBodies.TrelloHook("other", BOARD, "https://elsewhere.example.com/hook", true),
                    new WebhookBodies.TrelloHook("w1", BOARD, URL, true));

            assertThat(WebhookPlans.trello(new PairWebhookState.Trello("w1", true), listed, BOARD, URL))
                    .isEqualTo(new Plan(Step.KEEP, "w1", "active"));
            assertThat(WebhookPlans.trello(null, listed, BOARD, URL).step()).isEqualTo(Step.REUSE);
        }

        @Test
        void oneTrelloDisabledIsDeletedAndMadeAgain() {
            Plan plan = WebhookPlans.trello(new PairWebhookState.Trello("w1", true),
                    List.of(new WebhookBodies.TrelloHook("w1", BOARD, URL, false)), BOARD, URL);

            assertThat(plan.step()).isEqualTo(Step.RECREATE);
            assertThat(plan.id()).isEqualTo("w1");
            assertThat(plan.why()).isEqualTo("webhook w1 was disabled by Trello");
        }

        @Test
        void oneDeletedIsMadeAgainWithNothingToDelete() {
            Plan plan = WebhookPlans.trello(new PairWebhookState.Trello("w1", true), List.of(), BOARD, URL);

            assertThat(plan).isEqualTo(new Plan(Step.RECREATE, null, "webhook w1 is gone"));
        }

        @Test
        void aWebhookOnAnotherBoardIsNotOurs() {
            assertThat(WebhookPlans.trello(null, List.of(new WebhookBodies.TrelloHook("w9",
                    "5f0000000000000000000002", URL, true)), BOARD, URL).step()).isEqualTo(Step.CREATE);
        }
    }

    @Nested
    class Airtable {

        static final String HOOK_URL = "https://sync.example.com/webhooks/trello/airtable";

        PairWebhookState.Airtable stored = new PairWebhookState.Airtable("ach1", HOOK_URL, "c2VjcmV0",
                "2026-12-08T00:00:00.000Z", 3);

        WebhookBodies.AirtableHook listed(String expires, boolean enabled) {
            return new WebhookBodies.AirtableHook("ach1", HOOK_URL, expires, enabled, true);
        }

        /** A create whose answer was lost left a webhook at the pair's address whose secret never came back. */
        @Test
        void webhooksAtThePairsAddressWithoutTheirSecretAreOrphansToDelete() {
            WebhookBodies.AirtableHook lost = new WebhookBodies.AirtableHook("ach2", HOOK_URL, null, true, true);
            WebhookBodies.AirtableHook elsewhere = new WebhookBodies.AirtableHook("ach3", "https://other.example.com",
                    null, true, true);
            List<WebhookBodies.AirtableHook> hooks = List.of(listed("2026-12-07T12:00:00.000Z", true), lost,
                    elsewhere);

            assertThat(WebhookPlans.airtableOrphans(stored, hooks, HOOK_URL, "ach1")).containsExactly("ach2");
            assertThat(WebhookPlans.airtableOrphans(null, hooks, HOOK_URL, "ach2")).as("none stored: all but the "
                    + "one the plan replaces").containsExactly("ach1");
        }

        @Test
        void noneStoredNoneListedIsCreated() {
            assertThat(WebhookPlans.airtable(null, List.of(), HOOK_URL, NOW, MARGIN).step()).isEqualTo(Step.CREATE);
        }

        @Test
        void oneFreshlyRefreshedIsKept() {
            assertThat(WebhookPlans.airtable(stored, List.of(listed("2026-12-07T12:00:00.000Z", true)), HOOK_URL,
                    NOW, MARGIN).step()).isEqualTo(Step.KEEP);
        }

        @Test
        void oneWithLessThanTheMarginLeftIsRefreshedWellBeforeItsSevenDays() {
            Plan plan = WebhookPlans.airtable(stored, List.of(listed("2026-12-06T23:59:00.000Z", true)), HOOK_URL,
                    NOW, MARGIN);

            assertThat(plan.step()).isEqualTo(Step.REFRESH);
            assertThat(plan.id()).isEqualTo("ach1");
        }

        @Test
        void oneExpiredOrDisabledIsMadeAgainForItCannotBeRefreshed() {
            assertThat(WebhookPlans.airtable(stored, List.of(listed("2026-11-30T23:59:59.000Z", true)), HOOK_URL,
                    NOW, MARGIN).step()).isEqualTo(Step.RECREATE);
            assertThat(WebhookPlans.airtable(stored, List.of(listed("2026-12-07T00:00:00.000Z", false)), HOOK_URL,
                    NOW, MARGIN)).isEqualTo(new Plan(Step.RECREATE, "ach1",
                    "webhook ach1 expired at 2026-12-07T00:00:00.000Z"));
        }

        @Test
        void oneWhoseNotificationsAirtableTurnedOffAfterFailedPingsIsTurnedOnAgain() {
            Plan plan = WebhookPlans.airtable(stored, List.of(new WebhookBodies.AirtableHook("ach1", HOOK_URL,
                    "2026-12-07T12:00:00.000Z", true, false)), HOOK_URL, NOW, MARGIN);

            assertThat(plan).isEqualTo(new Plan(Step.REACTIVATE, "ach1",
                    "the notifications of webhook ach1 were turned off by Airtable after failed pings"));
        }

        @Test
        void oneFoundWithoutItsStoredSecretIsMadeAgainForItsDeliveriesCouldNotBeVerified() {
            Plan plan = WebhookPlans.airtable(null, List.of(listed("2026-12-07T00:00:00.000Z", true)), HOOK_URL, NOW,
                    MARGIN);

            assertThat(plan.step()).isEqualTo(Step.RECREATE);
            assertThat(plan.id()).isEqualTo("ach1");
        }

        @Test
        void oneGoneIsMadeAgain() {
            assertThat(WebhookPlans.airtable(stored, List.of(), HOOK_URL, NOW, MARGIN))
                    .isEqualTo(new Plan(Step.RECREATE, null, "webhook ach1 is gone"));
        }

        @Test
        void aFullBaseIsOneLineNamingTheBaseUnlessTheWebhookToDeleteMakesRoom() {
            List<WebhookBodies.AirtableHook> ten = new ArrayList<>(Collections.nCopies(9,
                    new WebhookBodies.AirtableHook("achX", "https://other.example.com", null, true, true)));
            ten.add(listed("2026-12-07T00:00:00.000Z", false));

            assertThat(WebhookPlans.airtableFull(ten, null, "appBASE")).isEqualTo("Airtable base appBASE already has "
                    + "10 webhooks, the most it allows: delete one that is not leadsync's (GET and DELETE "
                    + "/v0/bases/appBASE/webhooks); until then this pair polls");
            assertThat(WebhookPlans.airtableFull(ten, "ach1", "appBASE")).isNull();
            assertThat(WebhookPlans.airtableFull(ten.subList(0, 9), null, "appBASE")).isNull();
        }
    }

    @Nested
    class ClickUp {

        static final String ENDPOINT = "https://sync.example.com/webhooks/clickup/clickup";

        WebhookBodies.ClickUpHook hook(String status, String secret) {
            return new WebhookBodies.ClickUpHook("u1", ENDPOINT, "900", new WebhookBodies.Health(status, 100),
                    secret);
        }

        @Test
        void noneListedIsCreated() {
            assertThat(WebhookPlans.clickup(null, List.of(), ENDPOINT, "900").step()).isEqualTo(Step.CREATE);
        }

        @Test
        void theStoredOneIsKeptAndOneFoundWithItsSecretIsReused() {
            assertThat(WebhookPlans.clickup(new PairWebhookState.ClickUp("u1", "s", "active", 0),
                    List.of(hook("active", "s")), ENDPOINT, "900").step()).isEqualTo(Step.KEEP);
            assertThat(WebhookPlans.clickup(null, List.of(hook("active", "s")), ENDPOINT, "900").step())
                    .isEqualTo(Step.REUSE);
        }

        @Test
        void aSuspendedOneIsReactivated() {
            assertThat(WebhookPlans.clickup(new PairWebhookState.ClickUp("u1", "s", "active", 0),
                    List.of(hook("suspended", "s")), ENDPOINT, "900")).isEqualTo(new Plan(Step.REACTIVATE, "u1",
                    "webhook u1 was suspended by ClickUp (fail_count 100)"));
        }

        @Test
        void oneOnAnotherListOrWithoutAKnownSecretIsNotUsable() {
            assertThat(WebhookPlans.clickup(null, List.of(hook("active", "s")), ENDPOINT, "901").step())
                    .isEqualTo(Step.CREATE);
            assertThat(WebhookPlans.clickup(null, List.of(hook("active", null)), ENDPOINT, "900").step())
                    .isEqualTo(Step.RECREATE);
        }
    }

    @Nested
    class Payloads {

        @Test
        void pagesAreReadFromTheStoredCursorWhileThereMightBeMoreAndTheNextCursorIsReturned() {
            List<Long> asked = new ArrayList<>();
            WebhookPlans.Payloads read = WebhookPlans.payloads(4, cursor -> {
                asked.add(cursor);
                return cursor == 4 ? page(54, true, 50) : page(57, false, 3);
            });

            assertThat(asked).containsExactly(4L, 54L);
            assertThat(read.payloads()).hasSize(53);
            assertThat(read.cursor()).isEqualTo(57);
        }

        @Test
        void nothingNewLeavesTheCursorWhereItWas() {
            assertThat(WebhookPlans.payloads(9, cursor -> page(9, false, 0)))
                    .isEqualTo(new WebhookPlans.Payloads(List.of(), 9));
        }

        @Test
        void aPageThatDoesNotMoveTheCursorEndsTheWalkEvenIfItSaysThereMightBeMore() {
            assertThat(WebhookPlans.payloads(9, cursor -> page(9, true, 0)).cursor()).isEqualTo(9);
        }

        WebhookBodies.PayloadPage page(long cursor, boolean more, int count) {
            List<JsonNode> payloads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                payloads.add(TextNode.valueOf("p" + i));
            }
            return new WebhookBodies.PayloadPage(cursor, more, payloads);
        }
    }

    @Nested
    class Health {

        PairWebhookState.Airtable airtable(String expires) {
            return new PairWebhookState.Airtable("ach1", "u", "c2VjcmV0", expires, 1);
        }

        @Test
        void healthyWhenTheTrackersIsActiveAndAirtablesNotExpired() {
            PairWebhookState state = new PairWebhookState(new PairWebhookState.Trello("w1", true),
                    airtable("2026-12-02T00:00:00.000Z"), null);

            assertThat(WebhookPlans.health("trello", state, NOW)).isEqualTo(WebhookHealth.ok());
        }

        @Test
        void eachMissingExpiredOrSuspendedWebhookIsNamedInOneLine() {
            assertThat(WebhookPlans.health("trello", PairWebhookState.NONE, NOW).reason())
                    .isEqualTo("no Trello webhook; no Airtable webhook");
            PairWebhookState state = new PairWebhookState(null, airtable("2026-11-30T00:00:00.000Z"),
                    new PairWebhookState.ClickUp("u1", "s", "suspended", 100));

            assertThat(WebhookPlans.health("clickup", state, NOW)).isEqualTo(WebhookHealth.not(
                    "ClickUp webhook u1 suspended (fail_count 100); Airtable webhook ach1 expired at "
                            + "2026-11-30T00:00:00.000Z"));
        }
    }

    @Nested
    class RemovedPairs {

        static final String SITE = "https://sync.example.com/webhooks/";
        final PairWebhookState stored = new PairWebhookState(null,
                new PairWebhookState.Airtable("ach1", SITE + "old/airtable", "c2VjcmV0", null, 1),
                new PairWebhookState.ClickUp("u1", "s", "active", 0));

        List<WebhookPlans.Retired> retire(Map<String, List<WebhookPlans.Listed>> listed) {
            return WebhookPlans.retire("old", stored, listed, (pair, service) -> SITE + pair + "/" + service);
        }

        @Test
        void aPairWithStoredWebhooksThatIsNoLongerEnabledIsRemoved() {
            assertThat(WebhookPlans.removedPairs(List.of("trello", "old", "clickup"), List.of("trello", "clickup")))
                    .containsExactly("old");
            assertThat(WebhookPlans.removedPairs(List.of("trello"), List.of("trello", "clickup"))).isEmpty();
        }

        @Test
        void itsWebhooksListedByTheirStoredIdsWithLeadsyncsOwnCallbackUrlsAreDeleted() {
            assertThat(retire(Map.of(
                    "airtable", List.of(new WebhookPlans.Listed("ach0", "https://zapier.example.com/hook"),
                            new WebhookPlans.Listed("ach1", SITE + "old/airtable")),
                    "clickup", List.of(new WebhookPlans.Listed("u1", SITE + "old/clickup")))))
                    .containsExactly(new WebhookPlans.Retired("airtable", "ach1"),
                            new WebhookPlans.Retired("clickup", "u1"));
        }

        @Test
        void aWebhookAtLeadsyncsAddressButNotStoredIsNeverDeleted() {
            assertThat(retire(Map.of("clickup", List.of(new WebhookPlans.Listed("u2", SITE + "old/clickup")))))
                    .isEmpty();
        }

        @Test
        void theStoredIdCallingAnotherAddressIsNeverDeleted() {
            assertThat(retire(Map.of(
                    "airtable", List.of(new WebhookPlans.Listed("ach1", "https://zapier.example.com/hook")),
                    "clickup", List.of(new WebhookPlans.Listed("u1", SITE + "other/clickup"))))).isEmpty();
        }

        @Test
        void oneGoneAlreadyHasNothingToDelete() {
            assertThat(retire(Map.of("airtable", List.of(), "clickup", List.of()))).isEmpty();
        }
    }
}
