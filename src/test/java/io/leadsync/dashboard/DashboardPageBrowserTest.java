package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.support.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard page in a real headless Chromium, against the JSON contract of the dashboard (played by
 * {@link DashboardApiStub}): what it shows of each pair, that every value is text and never markup, the activity
 * search, and that each button posts its action and shows the answer. Saves target/screenshots/dashboard.png.
 */
class DashboardPageBrowserTest {

    private static DashboardApiStub api;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        api = new DashboardApiStub();
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return DashboardApiStub.JSON.readTree(text);
    }

    /** Two pairs, trello healthy in its initial sync, clickup down; trello's activity, conflicts, dead letters. */
    @BeforeEach
    void contract() throws Exception {
        api.reset();
        api.answer("/api/pairs", json("""
                {"pairs":[
                 {"name":"trello","tracker":"trello","describes":"Leads table <-> Trello board 'Work Tracker'",
                  "enabled":true,"connected":true,"paused":false,"counts":{"deadLetters":1,"conflicts":1,"holds":0},
                  "health":{"state":"UP","reason":"connected; last cycle 1 s ago"},
                  "detection":{"lastCycle":"2026-12-01T08:20:01.512Z","lastCycleMillis":180,"lagSeconds":1.2,
                               "mode":"webhooks","webhooks":{"state":"healthy","reason":"deliveries arriving"}},
                  "items":{"inSync":412,"unlinked":3,"ambiguous":1},
                  "progress":{"done":415,"total":1000,"perSecond":38.5,"secondsLeft":15},
                  "budget":[{"service":"airtable","used":3,"limit":5,"window":"1 s"},
                            {"service":"trello","used":41,"limit":100,"window":"10 s"}],
                  "runs":[{"started":"2026-12-01T08:20:01.332Z","millis":180,"read":"incremental","created":40,
                           "moved":2,"updated":5,"archived":0,"leadWrites":1,"failed":0},
                          {"started":"2026-12-01T08:19:56.101Z","millis":2210,"read":"full","created":375,
                           "moved":0,"updated":0,"archived":1,"leadWrites":0,"failed":1}]},
                 {"name":"clickup","tracker":"clickup","describes":"Leads table <-> ClickUp list 'Leads Work'",
                  "enabled":true,"connected":false,"paused":true,"counts":{"deadLetters":0,"conflicts":0,"holds":0},
                  "health":{"state":"DOWN","reason":"ClickUp answers 401: set CLICKUP_TOKEN to a valid token"},
                  "detection":{"lastCycle":null,"lastCycleMillis":null,"lagSeconds":null,"mode":"polling",
                               "webhooks":null},
                  "items":{"inSync":0,"unlinked":0,"ambiguous":0},"progress":null,"budget":[],"runs":[]}]}
                """));
        api.answer("/api/pairs/trello/activity", json("""
                {"entries":[
                 {"time":"2026-12-01T08:20:01.400Z","event":"card-moved","record":"recAda01","item":"card77",
                  "field":"Status","before":"NEW","after":"QUALIFIED","who":"alice","rule":"trello mapping",
                  "detail":null},
                 {"time":"2026-12-01T08:19:58.000Z","event":"lead-updated","record":"recGrace2","item":"card78",
                  "field":"Email","before":"g@old.example","after":"grace@new.example",
                  "who":"leadsync","rule":"airtable wins","detail":null}]}
                """));
        api.answer("/api/pairs/trello/conflicts", json("""
                {"conflicts":[{"time":"2026-12-01T08:19:30.000Z","record":"recAda01","field":"Status",
                  "airtable":"CONTACTED","tracker":"DONE","policy":"newest-wins","winner":"tracker","origin":"card77"}]}
                """));
        api.answer("/api/pairs/trello/dead-letters", json("""
                {"deadLetters":[{"id":"dl-1","time":"2026-12-01T08:18:00.000Z","record":"recOdd3",
                  "reason":"status ON_HOLD is not in the trello mapping","quarantined":true}]}
                """));
        api.answer("/api/pairs/trello/hold", json("{\"hold\":null}"));
        api.answer("/api/pairs/trello/preview", json("{\"preview\":null}"));
    }

    private static WebElement pair(String name) {
        return browser.until("the card of pair " + name, d -> browser.all("[data-test=pair][data-pair=" + name + "]")
                .stream().findFirst().orElse(null));
    }

    @Test
    void eachPairShowsItsHealthWithItsReasonAndWhatItIsDoing() throws Exception {
        browser.go(api.url() + "/");

        browser.untilText("[data-pair=trello] [data-test=health]", "Healthy");
        assertThat(pair("trello").findElement(org.openqa.selenium.By.cssSelector("[data-test=health]"))
                .getAttribute("data-state")).isEqualTo("UP");
        assertThat(browser.text("[data-pair=trello] [data-test=health-reason]")).isEqualTo("connected; last cycle 1 s ago");
        assertThat(browser.text("[data-pair=trello] [data-test=detection]"))
                .contains("2026-12-01 08:20:01Z", "180 ms", "lag 1 s", "webhooks healthy: deliveries arriving");
        assertThat(browser.text("[data-pair=trello] [data-test=items]")).isEqualTo("412 in sync, 3 unlinked, 1 ambiguous");
        assertThat(browser.text("[data-pair=trello] [data-test=progress]")).contains("415 / 1000", "38.5/s", "15 s left");
        assertThat(browser.text("[data-pair=trello] [data-test=budget]")).contains("trello", "41 / 100 per 10 s");
        assertThat(browser.text("[data-pair=clickup] [data-test=health]")).isEqualTo("Down");
        assertThat(browser.text("[data-pair=clickup] [data-test=health-reason]"))
                .isEqualTo("ClickUp answers 401: set CLICKUP_TOKEN to a valid token");
        assertThat(browser.text("[data-pair=clickup] [data-test=paused]")).isEqualTo("Paused");
        assertThat(browser.all("[data-test=run]")).hasSize(2);
        assertThat(browser.text("[data-test=run]")).contains("incremental", "40");
        browser.untilText("[data-test=conflict]", "newest-wins");
        assertThat(browser.text("[data-test=conflict]")).contains("recAda01", "CONTACTED", "DONE", "tracker won");
        browser.untilText("[data-test=dead-letter]", "ON_HOLD");
        browser.untilText("[data-test=activity]", "QUALIFIED");

        Path shot = browser.screenshot("dashboard");
        assertThat(ImageIO.read(Files.newInputStream(shot)).getWidth()).isEqualTo(1280);
        assertThat(browser.all("#sandbox-link")).allSatisfy(link -> assertThat(link.isDisplayed())
                .as("no sandbox link with real accounts").isFalse());
        assertThat(browser.scriptErrors()).isEmpty();
    }

    @Test
    void everyValueIsShownAsTextNeverAsMarkup() throws Exception {
        api.answer("/api/pairs/trello/activity", json("""
                {"entries":[{"time":"2026-12-01T08:19:58.000Z","event":"lead-updated","record":"recGrace2",
                  "item":"card78","field":"Email","before":"g@old.example",
                  "after":"<img src=x onerror=\\"document.title='pwned'\\">","who":"<b>someone</b>","rule":null,
                  "detail":null}]}
                """));
        browser.go(api.url() + "/");

        String row = browser.untilText("[data-test=activity]", "<img src=x");

        assertThat(row).contains("<img src=x onerror=\"document.title='pwned'\">");
        assertThat(row).contains("<b>someone</b>");
        assertThat(browser.all("#activity img, #activity b")).isEmpty();
        assertThat(browser.driver.getTitle()).isEqualTo("leadsync dashboard");
    }

    @Test
    void theActivityLogIsSearchedByLeadCardOrField() {
        browser.go(api.url() + "/");
        browser.until("two activity rows", d -> browser.all("[data-test=activity-row]").size() == 2);

        browser.all("#activity-search").get(0).sendKeys("recGrace2");

        browser.until("only Grace's row", d -> browser.all("[data-test=activity-row]").size() == 1);
        assertThat(browser.text("[data-test=activity-row]")).contains("recGrace2", "Email");
        browser.all("#activity-search").get(0).sendKeys(Keys.chord(Keys.CONTROL, "a"), "card77");
        browser.until("only the card's row", d -> browser.text("[data-test=activity-row]").contains("recAda01")
                && browser.all("[data-test=activity-row]").size() == 1);
    }

    @Test
    void retryPostsTheDeadLettersActionAndShowsTheAnswer() {
        browser.go(api.url() + "/");

        browser.click("[data-test=retry][data-id=dl-1]");

        browser.untilText("[data-test=message]", "done: /api/pairs/trello/dead-letters/dl-1/retry");
        browser.click("[data-test=retry-all]");
        browser.untilText("[data-test=message]", "done: /api/pairs/trello/dead-letters/retry");
        assertThat(api.posted()).containsExactly("/api/pairs/trello/dead-letters/dl-1/retry",
                "/api/pairs/trello/dead-letters/retry");
    }

    @Test
    void aHeldChangeIsShownWithItsRemovalsAndApprovedOrDiscarded() throws Exception {
        api.answer("/api/pairs/trello/hold", json("""
                {"hold":{"id":"h42","since":"2026-12-01T08:10:00.000Z",
                  "summary":"8 of 8 linked items are gone from Trello board 'Work Tracker'",
                  "removals":[{"record":"recAda01","item":"card77","action":"unlink"},
                              {"record":"recGrace2","item":"card78","action":"unlink"}]}}
                """));
        browser.go(api.url() + "/");

        browser.untilText("[data-test=hold-summary]", "8 of 8 linked items are gone");
        assertThat(browser.all("[data-test=removal]")).hasSize(2);
        browser.click("[data-test=approve]");
        browser.untilText("[data-test=message]", "done: /api/pairs/trello/hold/h42/approve");
        browser.click("[data-test=discard]");
        browser.untilText("[data-test=message]", "done: /api/pairs/trello/hold/h42/discard");

        assertThat(api.posted()).containsExactly("/api/pairs/trello/hold/h42/approve",
                "/api/pairs/trello/hold/h42/discard");
    }

    @Test
    void pauseResumeSyncNowAndResyncPostTheirActions() {
        browser.go(api.url() + "/");

        browser.click("[data-pair=trello] [data-test=pause]");
        browser.untilText("[data-test=message]", "/api/pairs/trello/pause");
        browser.click("[data-pair=clickup] [data-test=resume]");
        browser.untilText("[data-test=message]", "/api/pairs/clickup/resume");
        browser.click("[data-pair=trello] [data-test=sync-now]");
        browser.untilText("[data-test=message]", "/api/pairs/trello/sync-now");
        browser.click("[data-test=resync-row][data-record=recAda01]");
        browser.untilText("[data-test=message]", "/api/pairs/trello/records/recAda01/resync");
        browser.all("#resync-record").get(0).sendKeys("recZed9");
        browser.click("[data-test=resync]");
        browser.untilText("[data-test=message]", "/api/pairs/trello/records/recZed9/resync");

        assertThat(api.posted()).containsExactly("/api/pairs/trello/pause", "/api/pairs/clickup/resume",
                "/api/pairs/trello/sync-now", "/api/pairs/trello/records/recAda01/resync",
                "/api/pairs/trello/records/recZed9/resync");
    }

    @Test
    void anotherPairsDetailsAreShownWhenChosen() throws Exception {
        api.answer("/api/pairs/clickup/activity", json("{\"entries\":[]}"))
                .answer("/api/pairs/clickup/conflicts", json("{\"conflicts\":[]}"))
                .answer("/api/pairs/clickup/dead-letters", json("{\"deadLetters\":[]}"))
                .answer("/api/pairs/clickup/hold", json("{\"hold\":null}"))
                .answer("/api/pairs/clickup/preview", json("{\"preview\":null}"));
        browser.go(api.url() + "/");
        browser.untilText("[data-test=details-pair]", "trello");

        browser.click("[data-pair=clickup] [data-test=select-pair]");

        browser.untilText("[data-test=details-pair]", "clickup");
        browser.untilText("[data-test=activity]", "Nothing logged yet");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#pair=clickup");
        assertThat(browser.text("[data-test=dead-letters]")).isEqualTo("No dead letters");
        assertThat(browser.all("[data-test=retry-all]").get(0).isEnabled()).isFalse();
        assertThat(browser.text("[data-test=load-error]")).isEmpty();
    }

    @Test
    void anActionsErrorIsShownAsAnError() {
        api.refuse("/api/pairs/trello/dead-letters/dl-1/retry", "no dead letter dl-1 in pair trello");
        browser.go(api.url() + "/");

        browser.click("[data-test=retry][data-id=dl-1]");

        browser.untilText("[data-test=message]", "no dead letter dl-1 in pair trello");
        assertThat(browser.all("[data-test=message]").get(0).getAttribute("data-outcome")).isEqualTo("error");
    }

    @Test
    void aDryRunsPreviewListsWhatItWouldDo() throws Exception {
        api.answer("/api/pairs/trello/preview", json("""
                {"preview":{"made":"2026-12-01T08:00:00.000Z","reason":"leadsync.dry-run=true: nothing was written",
                  "creates":[{"record":"recAda01","item":null,"summary":"card 'Ada Lovelace' in TODO"},
                             {"record":"recGrace2","item":null,"summary":"card 'Grace Hopper' in TODO"}],
                  "moves":[],"archives":[],"airtableWrites":[],"updates":[],
                  "conflicts":[{"record":"recOdd3","item":"card9","summary":"Status: Airtable wins (newest)"}]}}
                """));
        browser.go(api.url() + "/");

        browser.untilText("[data-test=preview-reason]", "nothing was written");
        assertThat(browser.text("[data-test=preview-creates] [data-test=preview-count]")).isEqualTo("2");
        assertThat(browser.text("[data-test=preview-creates]")).contains("recAda01: card 'Ada Lovelace' in TODO");
        assertThat(browser.text("[data-test=preview-conflicts] [data-test=preview-count]")).isEqualTo("1");
    }

    @Test
    void whatCannotBeReadIsSaidOnThePage() {
        api.reset();
        browser.go(api.url() + "/");

        browser.untilText("[data-test=load-error]", "/api/pairs answered HTTP 404");
    }
}
