package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoreboard in headless Chromium while its server stops and a new one starts on the same
 * port and store: the page must show that it is reconnecting, then catch up without a reload.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReconnectIT {

  private static final String GAME = "0022000001";

  private static final List<String> RECORDINGS = List.of(
      "recordings/nba-livedata/playbyplay_0022000001.json",
      "recordings/nba-livedata/boxscore_0022000001.json");

  /** Plays the game's timeline of 1 h 41 min in about 30 s, so it is stopped while live. */
  private static final double LIVE_SPEED = 200;

  /** Replays without waiting, so the restarted server reaches the final state at once. */
  private static final double NO_WAIT = 0;

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final String CARD = "[data-game-id='" + GAME + "']";

  private static final String CONNECTION_STATE_SCRIPT =
      "return document.querySelector('[data-role=\"connection\"]').dataset.state;";

  /** Reads the indicator's state and text together, as the client changes both at once. */
  private static final String CONNECTION_SCRIPT =
      "const element = document.querySelector('[data-role=\"connection\"]');"
          + " return [element.dataset.state,"
          + " element.querySelector('[data-role=\"connection-text\"]').textContent];";

  private static Browser browser;

  @TempDir Path dir;

  private ReplayServer courtside;

  @BeforeAll
  static void startBrowser() throws Exception {
    Browser.requireInstalled();
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void stopServer() {
    if (courtside != null) {
      courtside.close();
    }
  }

  @Test
  void catchesUpAfterServerRestart() throws Exception {
    courtside = ReplayServer.start(dir, LIVE_SPEED, RECORDINGS);
    browser.open(courtside.url("/"));
    String marker = browser.markPage();
    await().atMost(TIMEOUT).until(() -> "live".equals(browser.script(CONNECTION_STATE_SCRIPT)));

    courtside.replay().start();
    await().atMost(TIMEOUT).until(() -> isLiveWithPoints(courtside.api().game(GAME)));
    courtside.replay().stop();
    JsonNode stopped = courtside.api().game(GAME);
    ShownGame shownWhenStopped = ShownGame.expected(stopped);
    await().atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ShownGame.read(browser, CARD))
            .isEqualTo(shownWhenStopped));

    // The new server is created only after the page reports the lost connection.
    courtside.server().close();
    List<?> connection = await().atMost(TIMEOUT)
        .until(() -> (List<?>) browser.script(CONNECTION_SCRIPT),
            stateAndText -> "reconnecting".equals(stateAndText.get(0)));
    assertThat((String) connection.get(1)).startsWith("Reconnecting");
    assertThat(ShownGame.read(browser, CARD)).as("card while the server is down")
        .isEqualTo(shownWhenStopped);

    courtside = courtside.restart(NO_WAIT);
    courtside.replay().start();
    courtside.replay().finished().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode last = courtside.api().game(GAME);
    ShownGame shownAtEnd = ShownGame.expected(last);
    await().atMost(TIMEOUT)
        .until(() -> "live".equals(browser.script(CONNECTION_STATE_SCRIPT)));
    await().atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ShownGame.read(browser, CARD)).isEqualTo(shownAtEnd));

    assertThat(last.get("status").asText()).isEqualTo("final");
    assertThat(browser.pageMarker()).as("marker set before the restart").isEqualTo(marker);
  }

  /** Returns whether the game is live with a clock and points for both teams. */
  private static boolean isLiveWithPoints(JsonNode game) {
    return game.get("status").asText().equals("live")
        && game.hasNonNull("clock")
        && game.at("/home/score").asInt() > 0
        && game.at("/away/score").asInt() > 0;
  }
}
