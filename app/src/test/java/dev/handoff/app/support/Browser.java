package dev.handoff.app.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A headless Chromium driven by Selenium through Debian's {@code chromium} and {@code chromedriver}
 * (installed by {@code .ci/run}; never downloaded). Without them the browser tests are skipped with a
 * message, unless {@code HANDOFF_BROWSER_REQUIRED} is set (CI), where their absence fails the run.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height) throws IOException {
        profile = Files.createTempDirectory("handoff-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the closed network refuses Chromium's background connections: switch them off (machine notes)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-features=Translate,MediaRouter,OptimizationHints", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-US");
        // console messages of every page, read by consoleErrors()
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        if (width < 500) {
            // a desktop window is never narrower than 500 px: emulate the phone's viewport instead
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
    }

    /** Opens a desktop-sized browser, or skips the test when Chromium is not installed (fails instead under CI). */
    public static Browser open() {
        return open(1400, 900);
    }

    /** Opens a browser with this viewport. */
    public static Browser open(int width, int height) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            if (System.getenv("HANDOFF_BROWSER_REQUIRED") != null) {
                throw new IllegalStateException("Chromium and chromedriver are required (HANDOFF_BROWSER_REQUIRED) but missing at "
                        + CHROMIUM + " and " + DRIVER + "; install Debian's chromium and chromium-driver");
            }
            Assumptions.abort("Browser tests skipped: install Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")");
        }
        try {
            return new Browser(width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void go(String url) {
        driver.get(url);
    }

    /** Waits up to 15 s for the condition to hold (non-null, non-false). */
    public <T> T until(Function<ChromeDriver, T> condition) {
        return until(Duration.ofSeconds(15), condition);
    }

    public <T> T until(Duration timeout, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(d -> condition.apply(driver));
    }

    /** @return the element matching the CSS selector once present */
    public WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** @return the storefront widget's shadow root once it is on the page */
    public SearchContext widget() {
        return until(d -> {
            List<WebElement> hosts = d.findElements(By.cssSelector("[data-handoff-widget]"));
            return hosts.isEmpty() ? null : hosts.get(0).getShadowRoot();
        });
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG of the viewport (for README). */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the {@code console.error} calls and uncaught exceptions of the pages so far (since the last call);
     *         the browser's own network notices (a failed resource load, a dropped WebSocket) are not errors of ours
     */
    public List<String> consoleErrors() {
        List<String> out = new java.util.ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
            String m = e.getMessage();
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !m.contains("Failed to load resource") && !m.contains("WebSocket connection to")) {
                out.add(m);
            }
        }
        return out;
    }

    /** Closes the browser; fails when a page logged a console error or threw an uncaught exception. */
    @Override
    public void close() {
        List<String> errors;
        try {
            errors = consoleErrors();
        } finally {
            try {
                driver.quit();
            } finally {
                deleteQuietly(profile.toFile());
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("the page logged errors:\n" + String.join("\n", errors));
        }
    }

    private static void deleteQuietly(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteQuietly(c);
            }
        }
        f.delete();
    }
}
