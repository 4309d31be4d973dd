package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.model.Game;
import dev.courtside.model.Team;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestCertificate;
import dev.courtside.ops.TestServers;
import dev.courtside.push.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The scoreboard page over HTTPS in headless Chromium, which must reach the live state on a
 * WebSocket (wss) although the server offers HTTP/2 through ALPN.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TlsPageIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private CourtsideServer server;
  private Browser browser;

  @BeforeAll
  static void requireBrowser() {
    Browser.requireInstalled();
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void scoreboardGoesLiveOverWss() throws Exception {
    TestCertificate certificate = TestCertificate.generate(dir, "localhost");
    server = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(certificate.files()), Limits.DEFAULTS);
    server.engine().applyHeader(Game.scheduled("tls-page", "nba", null,
        new Team("nba", "1", "Home Team", "HOM", ""),
        new Team("nba", "2", "Away Team", "AWY", ""), 4));
    // The certificate is self-signed, so Chromium is told to accept it.
    browser = Browser.start(List.of("--ignore-certificate-errors"));

    browser.open("https://127.0.0.1:" + server.port() + "/");
    browser.await(TIMEOUT).until(driver -> "live".equals(driver.findElement(
        By.cssSelector("[data-role=connection]")).getAttribute("data-state")));

    assertThat(browser.script(
        "return performance.getEntriesByType('navigation')[0].nextHopProtocol;"))
        .isEqualTo("h2");
    assertThat(server.sessions().count("ws")).isEqualTo(1);
    assertThat(server.sessions().count("sse")).isZero();
    assertThat(browser.driver().findElement(By.tagName("main")).getText())
        .contains("HOM");
  }
}
