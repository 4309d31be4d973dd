package dev.courtside.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through ChromeDriver, one per test class.
 *
 * <p>Both binaries come from the system packages at fixed paths and are passed to Selenium
 * explicitly, so Selenium 4.52 does not start Selenium Manager, which would download drivers.
 * The browser gets a fresh profile and flags that turn off its background network traffic
 * (component updates, sync, first-run and default-app fetches) and its crash reporter.
 * {@link #close()} quits the browser, stops ChromeDriver and ends any of their processes that
 * are still alive.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Window size of the desktop screenshots and of every test unless it resizes. */
  static final Dimension DESKTOP = new Dimension(1280, 900);

  /** Window size of a small phone, for the narrow screenshots. */
  static final Dimension PHONE = new Dimension(375, 812);

  private static final String INSTALL_HINT =
      "install chromium and chromium-driver to run browser tests";

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /**
   * Skips the calling test class when Chromium or ChromeDriver is not installed, or fails it
   * when the environment variable {@code COURTSIDE_REQUIRE_BROWSER} is {@code true}, as CI sets
   * it. Call it from {@code @BeforeAll} before starting anything else.
   */
  static void requireInstalled() {
    String missing = null;
    if (!Files.isExecutable(CHROMIUM)) {
      missing = "Chromium not found at " + CHROMIUM + ": " + INSTALL_HINT;
    } else if (!Files.isExecutable(CHROMEDRIVER)) {
      missing = "ChromeDriver not found at " + CHROMEDRIVER + ": " + INSTALL_HINT;
    }
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("COURTSIDE_REQUIRE_BROWSER"))) {
      Assertions.fail(missing);
    }
    Assumptions.abort(missing);
  }

  /** Starts ChromeDriver and a headless Chromium with a fresh profile. */
  static Browser start() throws IOException {
    return start(List.of());
  }

  /** Starts ChromeDriver and a headless Chromium with extra command-line arguments. */
  static Browser start(List<String> extraArguments) throws IOException {
    Path profile = Files.createTempDirectory("courtside-chromium-");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    try {
      ChromeOptions options = options(profile);
      options.addArguments(extraArguments);
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      driver.manage().window().setSize(DESKTOP);
      return new Browser(profile, service, driver);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  private static ChromeOptions options(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
        "--user-data-dir=" + profile);
    return options;
  }

  WebDriver driver() {
    return driver;
  }

  /** Returns a wait on this browser that polls every 50 ms up to {@code timeout}. */
  WebDriverWait await(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.pollingEvery(Duration.ofMillis(50));
    return wait;
  }

  /** Opens a page and returns once its document has loaded. */
  void open(String url) {
    driver.get(url);
  }

  /** Sets the window size. The viewport is as wide, but less tall by the window's frame. */
  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  /** Runs a script in the page and returns its result as Selenium converts it. */
  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * Stores a random marker in the page's window object and returns it. The marker is gone after
   * any reload or navigation, so reading it back proves the page stayed the same document.
   */
  String markPage() {
    return (String) script(
        "window.courtsideTestMarker = crypto.randomUUID(); return window.courtsideTestMarker;");
  }

  /** Returns the marker of {@link #markPage()}, or null when the page was loaded again. */
  String pageMarker() {
    return (String) script("return window.courtsideTestMarker ?? null;");
  }

  /**
   * Saves a PNG of the viewport at {@code size} as {@code name.png} in {@link #screenshotDir()},
   * then restores the desktop size.
   *
   * @return the file written
   */
  Path screenshot(String name, Dimension size) throws IOException {
    resize(size);
    try {
      // Two animation frames let the page lay out again at the new size before the capture.
      ((JavascriptExecutor) driver).executeAsyncScript(
          "const done = arguments[0];"
              + " requestAnimationFrame(() => requestAnimationFrame(() => done()));");
      awaitAnimationsEnd();
      byte[] png = driver.getScreenshotAs(OutputType.BYTES);
      Path file = Files.createDirectories(screenshotDir()).resolve(name + ".png");
      Files.write(file, png);
      return file;
    } finally {
      resize(DESKTOP);
    }
  }

  /**
   * Waits up to 2 s, a bit more than the 1.8 s flash of a changed score, for running animations
   * to end. A page that keeps changing may never be still, so the capture then goes ahead.
   */
  private void awaitAnimationsEnd() {
    try {
      await(Duration.ofSeconds(2)).until(ignored -> Boolean.TRUE.equals(script(
          "return document.getAnimations().every(a => a.playState !== 'running');")));
    } catch (org.openqa.selenium.TimeoutException e) {
      // The screenshot is for a person to look at, so a flash in it is no failure.
    }
  }

  /**
   * Returns the screenshot folder: the system property {@code screenshots.dir} when set, else
   * {@code screenshots} under the build folder that {@code -Dbuild.dir} names, else
   * {@code target/screenshots}. Relative paths resolve against the working directory, which is
   * the project folder under Maven.
   */
  static Path screenshotDir() {
    String configured = System.getProperty("screenshots.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("build.dir", "target"), "screenshots");
  }

  /**
   * Quits Chromium, stops ChromeDriver, ends their remaining processes and deletes the profile.
   * Each step runs even when an earlier one failed.
   */
  @Override
  public void close() {
    List<ProcessHandle> started = browserProcesses();
    try {
      driver.quit();
    } finally {
      try {
        service.stop();
      } finally {
        endProcesses(started);
        deleteTree(profile);
      }
    }
  }

  /** Returns the ChromeDriver and Chromium processes that this JVM started, at any depth. */
  private static List<ProcessHandle> browserProcesses() {
    return ProcessHandle.current().descendants()
        .filter(process -> process.info().command()
            .map(command -> command.contains("chrom"))
            .orElse(false))
        .toList();
  }

  private static void endProcesses(List<ProcessHandle> processes) {
    for (ProcessHandle process : processes) {
      process.destroy();
    }
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete the Chromium profile " + root, e);
    }
  }
}
