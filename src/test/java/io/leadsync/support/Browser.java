package io.leadsync.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the dashboard's tests: Debian's /usr/bin/chromium driven through its
 * /usr/bin/chromedriver (Selenium's own driver download is never used), a fresh profile per browser, a 1280x800
 * window, nothing fetched from the network but the page under test. Without the browser a test fails with one line
 * saying what to install; {@code -Dleadsync.browser-tests=skip} skips them instead, on a machine without it.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("leadsync.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("leadsync.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Selenium warns that it has no DevTools bindings for this Chromium: none of these tests needs them. */
    private static final java.util.logging.Logger CDP_WARNINGS = quiet("org.openqa.selenium.devtools");

    public final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A headless Chromium at 1280x800; fails (or skips, with -Dleadsync.browser-tests=skip) without one. */
    public static Browser open() {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                String reason = needed + " is missing: the browser tests need Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver; .ci/run installs them)";
                Assumptions.assumeFalse("skip".equals(System.getProperty("leadsync.browser-tests")), reason);
                throw new AssertionError(reason);
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("leadsync-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // the page itself 1280x800, whatever the window's frame takes
        Dimension window = driver.manage().window().getSize();
        Number innerHeight = (Number) driver.executeScript("return window.innerHeight");
        Number innerWidth = (Number) driver.executeScript("return window.innerWidth");
        driver.manage().window().setSize(new Dimension(window.width + 1280 - innerWidth.intValue(),
                window.height + 800 - innerHeight.intValue()));
        return new Browser(driver, profile);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** The page's script errors so far (a resource that answered an error status is not one). */
    public List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(m -> !m.contains("Failed to load resource")).toList();
    }

    public Browser go(String url) {
        driver.get(url);
        return this;
    }

    /** Waits (up to 20 s) until {@code condition} gives something other than null or false; returns it. */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The elements that match {@code css} now (the page refreshes itself: read, do not keep). */
    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The text of the first element that matches, or "" when none does. The page replaces its elements as it
     * refreshes, so one found a moment before may be gone when read: it is found again, not taken for empty.
     */
    public String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<WebElement> found = all(css);
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Waits until the first element matching {@code css} shows text containing {@code expected}; returns its text. */
    public String untilText(String css, String expected) {
        return until(css + " shows '" + expected + "' (it shows '" + text(css) + "')",
                d -> text(css).contains(expected) ? text(css) : null);
    }

    /** Clicks the first element matching {@code css} once it is displayed and enabled. */
    public void click(String css) {
        until("a clickable " + css, d -> {
            List<WebElement> found = all(css);
            if (found.isEmpty() || !found.get(0).isDisplayed() || !found.get(0).isEnabled()) {
                return false;
            }
            found.get(0).click();
            return true;
        });
    }

    /** Saves the window as target/screenshots/{name}.png; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
