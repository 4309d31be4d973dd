package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import dev.courtside.model.Team;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The scoreboard page in headless Chromium, following a replay of three games. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScoreboardIT {

  private static final List<String> RECORDINGS = List.of(
      "recordings/nba-livedata/playbyplay_0022000001.json",
      "recordings/nba-livedata/boxscore_0022000001.json",
      "recordings/nba-stats/stats_playbyplay_v1_0021401082.json",
      "recordings/html-scoreboard/nba-com-game-page-next-data_ind-vs-mem-0022400306.json");

  /** The game of the replay with the maximum feed timeline, 1 h 41 min. */
  private static final String LONG_GAME = "0022000001";

  /** Plays the 1 h 41 min timeline in about 30 s, so the live test reads scores in progress. */
  private static final double LIVE_SPEED = 200;

  /** Plays the 1 h 41 min timeline in about 6 s. */
  private static final double FAST_SPEED = 1000;

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final String LAYOUT_GAME = "layout";

  /** A last play far wider than a phone screen, with no spaces to break it either. */
  private static final String LONG_DESCRIPTION =
      "Nassir-Little-driving-floating-bank-jump-shot-after-a-review-of-the-foul-call-(12 PTS)";

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
  void scoresChangeWithoutReload() throws Exception {
    courtside = ReplayServer.start(dir, LIVE_SPEED, RECORDINGS);
    browser.open(courtside.url("/"));
    String marker = browser.markPage();
    awaitConnectionLive();

    courtside.replay().start();
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 3);
    assertThat(cardIds()).containsExactlyInAnyOrderElementsOf(courtside.api().gameIds());

    String card = cardOf(LONG_GAME);
    ShownGame first = await().atMost(TIMEOUT)
        .until(() -> ShownGame.read(browser, card), ScoreboardIT::hasPoints);
    ShownGame second = await().atMost(TIMEOUT)
        .until(() -> ShownGame.read(browser, card), shown -> total(shown) > total(first));
    // Stopped, the replay leaves the games live and the score flashes end before the capture.
    courtside.replay().stop();
    browser.screenshot("scoreboard", Browser.DESKTOP);
    browser.screenshot("scoreboard-phone", Browser.PHONE);

    assertThat(first.status()).as("status at the first score").isEqualTo("live");
    assertThat(second.status()).as("status at the second score").isEqualTo("live");
    assertThat(browser.pageMarker()).as("marker set before the replay").isEqualTo(marker);
  }

  @Test
  void finalStateMatchesApi() throws Exception {
    courtside = ReplayServer.start(dir, FAST_SPEED, RECORDINGS);
    browser.open(courtside.url("/"));
    String marker = browser.markPage();
    awaitConnectionLive();

    courtside.replay().start();
    courtside.replay().finished().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    List<String> ids = courtside.api().gameIds();
    assertThat(ids).hasSize(3);
    assertThat(ids).contains(LONG_GAME);
    for (String id : ids) {
      JsonNode game = courtside.api().game(id);
      assertThat(game.get("status").asText()).as("API status of game %s", id).isEqualTo("final");
      ShownGame expected = ShownGame.expected(game);
      await().atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(ShownGame.read(browser, cardOf(id)))
              .as("card of game %s", id)
              .isEqualTo(expected));
      assertThat(browser.driver().findElements(
              By.cssSelector("[data-group='final'] [data-game-id='" + id + "']")))
          .as("card of game %s in the Final group", id)
          .hasSize(1);
    }
    browser.screenshot("scoreboard-final", Browser.DESKTOP);
    assertThat(browser.pageMarker()).as("marker set before the replay").isEqualTo(marker);
  }

  @Test
  void phoneCardsFitScreenWidth() throws Exception {
    // No recordings: the test writes its game into the engine itself.
    courtside = ReplayServer.start(dir, FAST_SPEED, List.of());
    GameEngine engine = courtside.server().engine();
    // Some feeds send no abbreviation, or the abbreviation as the name.
    Team home = new Team("nba", "layout-home", "Portland Trail Blazers", "", "Portland");
    Team away = new Team("nba", "layout-away", "WAS", "WAS", "");
    engine.applyHeader(Game.scheduled(LAYOUT_GAME, "nba", Instant.parse("2026-01-02T03:00:00Z"),
        home, away, 4));
    engine.applyPlay(new Play(LAYOUT_GAME, 1, 10_000, 1, Duration.ofSeconds(690),
        "layout-home", "3pt", LONG_DESCRIPTION, 3, 0,
        Instant.parse("2026-01-02T03:05:00Z"), false));

    browser.resize(Browser.PHONE);
    try {
      browser.open(courtside.url("/"));
      String card = cardOf(LAYOUT_GAME);
      await().atMost(TIMEOUT).until(() -> "3".equals(roleText(card, "home-score")));

      assertThat(roleText(card, "home-short")).isEqualTo("Portland Trail Blazers");
      assertThat(roleText(card, "home-name")).isEmpty();
      assertThat(roleText(card, "away-short")).isEqualTo("WAS");
      assertThat(roleText(card, "away-name")).isEmpty();
      assertThat(roleText(card, "last-play")).isNotEmpty();
      assertThat(browser.script("return document.documentElement.scrollWidth"
              + " - document.documentElement.clientWidth;"))
          .as("page width beyond the viewport, in CSS pixels")
          .isEqualTo(0L);
      browser.screenshot("scoreboard-phone-long-texts", Browser.PHONE);
    } finally {
      browser.resize(Browser.DESKTOP);
    }
  }

  /** Returns the rendered text of one role in a card, or null while it is missing. */
  private static String roleText(String card, String role) {
    return (String) browser.script(
        "return document.querySelector(arguments[0] + ` [data-role=\"${arguments[1]}\"]`)"
            + "?.innerText ?? null;", card, role);
  }

  private static String cardOf(String gameId) {
    return "[data-game-id='" + gameId + "']";
  }

  private static boolean hasPoints(ShownGame shown) {
    return shown != null && total(shown) > 0;
  }

  /** Returns the sum of both shown scores, or 0 while a score is not shown. */
  private static int total(ShownGame shown) {
    if (shown == null || shown.awayScore().isEmpty() || shown.homeScore().isEmpty()) {
      return 0;
    }
    return Integer.parseInt(shown.awayScore()) + Integer.parseInt(shown.homeScore());
  }

  @SuppressWarnings("unchecked")
  private static List<String> cardIds() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll('[data-game-id]')].map(c => c.dataset.gameId);");
  }

  private static void awaitConnectionLive() {
    await().atMost(TIMEOUT).until(() -> "live".equals(browser.driver()
        .findElement(By.cssSelector("[data-role='connection']"))
        .getDomAttribute("data-state")));
  }
}
