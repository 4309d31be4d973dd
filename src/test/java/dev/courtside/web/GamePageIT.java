package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The game page in headless Chromium, on a replay of one game with 610 plays. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GamePageIT {

  private static final String GAME = "0022000001";

  private static final List<String> RECORDINGS = List.of(
      "recordings/nba-livedata/playbyplay_0022000001.json",
      "recordings/nba-livedata/boxscore_0022000001.json");

  /** Plays the game's timeline of 1 h 41 min in about 6 s. */
  private static final double FAST_SPEED = 1000;

  /** Replays without waiting, for tests that need only the final state. */
  private static final double NO_WAIT = 0;

  /** Live plays in the channel state, as the protocol defines it. */
  private static final int LIVE_PLAYS = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final String HEADER = "[data-role='game-header']";

  private static final String PLAY_ACTIONS_SCRIPT =
      "return [...document.querySelectorAll('[data-role=\"play\"]')]"
          + ".map(row => row.dataset.action);";

  private static final String PLAY_ORDERS_SCRIPT =
      "return [...document.querySelectorAll('[data-role=\"play\"]')]"
          + ".map(row => Number(row.dataset.order));";

  private static final String LOAD_STATUS_SCRIPT =
      "return document.querySelector('[data-role=\"load-more-status\"]').textContent;";

  private static final String SCROLL_TO_SENTINEL_SCRIPT =
      "document.querySelector('[data-role=\"load-more\"]').scrollIntoView({block: 'end'});";

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
  void finalStateMatchesApi() throws Exception {
    courtside = ReplayServer.start(dir, FAST_SPEED, RECORDINGS);
    // The channel of a game exists once the replay has created the game.
    courtside.replay().start();
    await().atMost(TIMEOUT).until(() -> courtside.server().engine().current(GAME).isPresent());
    browser.open(courtside.url("/games/" + GAME));
    String marker = browser.markPage();

    courtside.replay().finished().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode game = courtside.api().game(GAME);
    ShownGame expected = ShownGame.expected(game);
    await().atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ShownGame.read(browser, HEADER)).isEqualTo(expected));

    assertThat(expected.status()).isEqualTo("final");
    assertThat(lineScoreRow("away")).isEqualTo(expectedLineScore(game, "away"));
    assertThat(lineScoreRow("home")).isEqualTo(expectedLineScore(game, "home"));
    assertThat(playActions().get(0)).as("newest play on the page")
        .isEqualTo(game.at("/lastPlay/action").asText());
    assertThat(browser.driver().getTitle()).isEqualTo("GSW 99–125 BKN: Courtside");
    assertThat(browser.pageMarker()).as("marker set before the replay ended").isEqualTo(marker);

    browser.screenshot("game", Browser.DESKTOP);
    browser.screenshot("game-phone", Browser.PHONE);
  }

  @Test
  void olderPlaysLoadOnScroll() throws Exception {
    courtside = ReplayServer.start(dir, NO_WAIT, RECORDINGS);
    courtside.replay().start();
    courtside.replay().finished().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    List<String> apiActions = new ArrayList<>();
    for (JsonNode play : courtside.api().allPlays(GAME)) {
      if (!play.path("deleted").asBoolean()) {
        apiActions.add(play.get("action").asText());
      }
    }
    browser.open(courtside.url("/games/" + GAME));

    // The first history page may load by itself when the sentinel is near the viewport.
    await().atMost(TIMEOUT).until(() -> playActions().size() >= LIVE_PLAYS && !isLoading());
    int before = playActions().size();
    browser.script(SCROLL_TO_SENTINEL_SCRIPT);
    await().atMost(TIMEOUT).until(() -> playActions().size() > before && !isLoading());
    int after = playActions().size();
    List<String> afterOneScroll = playActions();

    for (int scrolls = 0; scrolls < 30 && !isHistoryComplete(); scrolls++) {
      int count = playActions().size();
      browser.script(SCROLL_TO_SENTINEL_SCRIPT);
      await().atMost(TIMEOUT)
          .until(() -> isHistoryComplete() || playActions().size() > count && !isLoading());
    }
    List<String> actions = playActions();

    assertThat(after).as("plays after one scroll, from %s", before).isGreaterThan(before);
    assertThat(new HashSet<>(afterOneScroll)).as("distinct actions after one scroll")
        .hasSize(afterOneScroll.size());
    assertThat(isHistoryComplete()).as("history reached the start of the game").isTrue();
    assertThat(new HashSet<>(actions)).as("distinct actions at the end").hasSize(actions.size());
    assertThat(actions).as("actions on the page, newest first").isEqualTo(apiActions);
    assertThat(playOrders()).as("orders on the page").isSortedAccordingTo(Comparator.reverseOrder());
  }

  private static boolean isLoading() {
    return "Loading older plays…".equals(browser.script(LOAD_STATUS_SCRIPT));
  }

  private static boolean isHistoryComplete() {
    return "Start of the game.".equals(browser.script(LOAD_STATUS_SCRIPT));
  }

  @SuppressWarnings("unchecked")
  private static List<String> playActions() {
    return (List<String>) browser.script(PLAY_ACTIONS_SCRIPT);
  }

  private static List<Long> playOrders() {
    List<Long> orders = new ArrayList<>();
    for (Object order : (List<?>) browser.script(PLAY_ORDERS_SCRIPT)) {
      orders.add(((Number) order).longValue());
    }
    return orders;
  }

  /** Returns the rendered cells of one line score row: team, periods, total. */
  @SuppressWarnings("unchecked")
  private static List<String> lineScoreRow(String side) {
    return (List<String>) browser.script(
        "return [...document.querySelector(`[data-role=\"line-score\"] tr[data-side=\"${"
            + "arguments[0]}\"]`).cells].map(cell => cell.innerText);",
        side);
  }

  /**
   * Returns the line score row the page should show for one side: the team's short name, its
   * points in each period played (at least the regulation periods, blank when not played) and
   * its total.
   */
  private static List<String> expectedLineScore(JsonNode game, String side) {
    JsonNode team = game.get(side);
    JsonNode periods = team.get("periods");
    int columns = Math.max(game.get("regulationPeriods").asInt(),
        Math.max(game.get("period").asInt(), periods.size()));
    List<String> cells = new ArrayList<>();
    cells.add(team.get("short").asText());
    for (int period = 0; period < columns; period++) {
      cells.add(period < periods.size() ? periods.get(period).asText() : "");
    }
    cells.add(team.get("score").asText());
    return cells;
  }
}
