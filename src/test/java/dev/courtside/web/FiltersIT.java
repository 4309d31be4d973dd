package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.engine.GameEngine;
import dev.courtside.model.Game;
import dev.courtside.model.Team;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The scoreboard's date, league and "My teams" filters in headless Chromium, on scheduled games
 * that the test writes into the engine. The browser runs in New York time, where the game that
 * starts at 2020-12-23T00:00Z is on December 22.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FiltersIT {

  private static final String TIME_ZONE = "America/New_York";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** NBA, 19:00 on December 22 in New York and December 23 in UTC. */
  private static final String NETS_GAME = "nets-warriors";

  /** NBA, 22:00 on December 22 in New York. */
  private static final String LAKERS_GAME = "clippers-lakers";

  /** NBA, 13:00 on December 23 in New York, the last upcoming game by start. */
  private static final String CELTICS_GAME = "celtics-bucks";

  /** WNBA, 18:00 on December 22 in New York, the first upcoming game by start. */
  private static final String LIBERTY_GAME = "liberty-aces";

  private static Browser browser;

  @TempDir Path dir;

  private ReplayServer courtside;

  @BeforeAll
  static void startBrowser() throws Exception {
    Browser.requireInstalled();
    browser = Browser.start();
    // The override lasts for the browser's session, across navigations and reloads.
    ((ChromeDriver) browser.driver()).executeCdpCommand(
        "Emulation.setTimezoneOverride", Map.of("timezoneId", TIME_ZONE));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    courtside = ReplayServer.start(dir, 0, List.of());
    GameEngine engine = courtside.server().engine();
    engine.applyHeader(scheduled(NETS_GAME, "nba", "2020-12-23T00:00:00Z",
        team("nba", "bkn", "Brooklyn Nets", "BKN"), team("nba", "gsw", "Golden State Warriors",
            "GSW")));
    engine.applyHeader(scheduled(LAKERS_GAME, "nba", "2020-12-23T03:00:00Z",
        team("nba", "lal", "Los Angeles Lakers", "LAL"), team("nba", "lac", "LA Clippers",
            "LAC")));
    engine.applyHeader(scheduled(CELTICS_GAME, "nba", "2020-12-23T18:00:00Z",
        team("nba", "mil", "Milwaukee Bucks", "MIL"), team("nba", "bos", "Boston Celtics",
            "BOS")));
    engine.applyHeader(scheduled(LIBERTY_GAME, "wnba", "2020-12-22T23:00:00Z",
        team("wnba", "lv", "Las Vegas Aces", "LV"), team("wnba", "ny", "New York Liberty",
            "NY")));
  }

  @AfterEach
  void stopServer() {
    // A later server may get the same port, and with it this origin's followed teams.
    browser.script("if (location.protocol === 'http:') { localStorage.clear(); }");
    if (courtside != null) {
      courtside.close();
    }
  }

  @Test
  void leagueFilterHidesOtherLeagues() throws Exception {
    browser.open(courtside.url("/?league=wnba"));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    assertThat(shownCardIds()).as("cards shown for ?league=wnba").containsExactly(LIBERTY_GAME);
    assertThat(leagueSelect().getFirstSelectedOption().getText()).isEqualTo("WNBA");

    leagueSelect().selectByValue("nba");
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 3);
    assertThat(shownCardIds()).as("cards shown for league nba")
        .containsExactly(NETS_GAME, LAKERS_GAME, CELTICS_GAME);
    assertThat(query()).as("query after choosing nba").isEqualTo("?league=nba");

    // Games that arrive later are filtered too.
    GameEngine engine = courtside.server().engine();
    engine.applyHeader(scheduled("late-wnba", "wnba", "2020-12-23T23:00:00Z",
        team("wnba", "sea", "Seattle Storm", "SEA"), team("wnba", "chi", "Chicago Sky", "CHI")));
    engine.applyHeader(scheduled("late-nba", "nba", "2020-12-23T23:30:00Z",
        team("nba", "mia", "Miami Heat", "MIA"), team("nba", "nop", "New Orleans Pelicans",
            "NOP")));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 6);
    assertThat(shownCardIds()).as("cards shown for league nba after two new games")
        .containsExactly(NETS_GAME, LAKERS_GAME, CELTICS_GAME, "late-nba");

    leagueSelect().selectByValue("");
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 6);
    assertThat(query()).as("query after choosing all leagues").isEmpty();
  }

  @Test
  void dateFilterUsesViewerTimeZone() throws Exception {
    browser.open(courtside.url("/?date=2020-12-23"));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    assertThat(shownCardIds()).as("cards shown for ?date=2020-12-23 in New York")
        .containsExactly(CELTICS_GAME);
    assertThat(roleText(NETS_GAME, "start")).as("start of a game at 00:00 UTC, in New York")
        .contains("Dec 22")
        .contains("7:00");

    setDate("2020-12-22");
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 3);
    assertThat(shownCardIds()).as("cards shown for 2020-12-22 in New York")
        .containsExactly(LIBERTY_GAME, NETS_GAME, LAKERS_GAME);
    assertThat(query()).as("query after choosing a date").isEqualTo("?date=2020-12-22");

    setDate("2020-12-24");
    await().atMost(TIMEOUT).until(() -> shownCardIds().isEmpty());
    assertThat(noticeText()).isEqualTo("No games match these filters.");

    browser.driver().findElement(By.cssSelector("[data-role='filters'] [type='reset']")).click();
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 4);
    assertThat(query()).as("query after showing all games").isEmpty();
  }

  @Test
  void followedTeamSurvivesReload() throws Exception {
    browser.open(courtside.url("/"));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    assertThat(shownCardIds()).as("upcoming cards by start")
        .containsExactly(LIBERTY_GAME, NETS_GAME, LAKERS_GAME, CELTICS_GAME);
    Map<String, Object> scoreBefore = scoreBox(CELTICS_GAME);

    WebElement star = followButton("Boston Celtics");
    assertThat(star.getDomAttribute("aria-pressed")).isEqualTo("false");
    star.click();
    await().atMost(TIMEOUT).until(() -> CELTICS_GAME.equals(shownCardIds().get(0)));
    assertThat(scoreBox(CELTICS_GAME)).as("home score box after following, within the card")
        .isEqualTo(scoreBefore);
    assertThat(browser.script("return document.activeElement?.getAttribute('aria-label');"))
        .as("focus after the followed card moved first")
        .isEqualTo("Follow Boston Celtics");

    browser.driver().navigate().refresh();
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    assertThat(shownCardIds()).as("upcoming cards after reload, followed first")
        .containsExactly(CELTICS_GAME, LIBERTY_GAME, NETS_GAME, LAKERS_GAME);
    assertThat(followButton("Boston Celtics").getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(followButton("Milwaukee Bucks").getDomAttribute("aria-pressed"))
        .isEqualTo("false");
    assertThat(card(CELTICS_GAME).getDomAttribute("data-followed")).isNotNull();
    assertThat(card(NETS_GAME).getDomAttribute("data-followed")).isNull();
    browser.screenshot("scoreboard-followed", Browser.DESKTOP);
  }

  @Test
  void myTeamsOnlyShowsFollowedGames() throws Exception {
    browser.open(courtside.url("/"));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    followButton("Brooklyn Nets").click();
    followButton("Las Vegas Aces").click();

    browser.driver().findElement(By.name("mine")).click();
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 2);
    assertThat(shownCardIds()).as("cards shown for my teams only")
        .containsExactly(LIBERTY_GAME, NETS_GAME);
    assertThat(query()).as("query after checking my teams only").isEqualTo("?mine=1");

    followButton("Brooklyn Nets").click();
    await().atMost(TIMEOUT).until(() -> shownCardIds().size() == 1);
    assertThat(shownCardIds()).as("cards shown after unfollowing the Nets")
        .containsExactly(LIBERTY_GAME);

    browser.open(courtside.url("/?mine=1&league=nba"));
    await().atMost(TIMEOUT).until(() -> cardIds().size() == 4);
    assertThat(shownCardIds()).as("cards shown for ?mine=1&league=nba").isEmpty();
    assertThat(noticeText()).isEqualTo("No games of your teams match these filters.");
  }

  private static Game scheduled(String id, String league, String start, Team home, Team away) {
    return Game.scheduled(id, league, Instant.parse(start), home, away, 4);
  }

  private static Team team(String league, String id, String name, String shortName) {
    return new Team(league, id, name, shortName, "");
  }

  private static Select leagueSelect() {
    return new Select(browser.driver().findElement(By.name("league")));
  }

  /** Sets the date input as a person's choice in the picker does, with a change event. */
  private static void setDate(String date) {
    browser.script("const input = document.querySelector('[name=\"date\"]');"
        + " input.value = arguments[0];"
        + " input.dispatchEvent(new Event('change', {bubbles: true}));", date);
  }

  private static WebElement followButton(String teamName) {
    return browser.driver().findElement(
        By.cssSelector("button[aria-label='Follow " + teamName + "']"));
  }

  private static WebElement card(String gameId) {
    return browser.driver().findElement(By.cssSelector("[data-game-id='" + gameId + "']"));
  }

  private static String query() {
    return (String) browser.script("return location.search;");
  }

  private static String noticeText() {
    return (String) browser.script(
        "return document.querySelector('[data-role=\"notice\"]').innerText;");
  }

  private static String roleText(String gameId, String role) {
    return (String) browser.script("return document.querySelector(arguments[0])?.innerText;",
        "[data-game-id='" + gameId + "'] [data-role='" + role + "']");
  }

  /** Returns the home score's position and size relative to its card, in CSS pixels. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> scoreBox(String gameId) {
    return (Map<String, Object>) browser.script(
        "const card = document.querySelector(arguments[0]).getBoundingClientRect();"
            + " const score = document.querySelector(arguments[0] + ' [data-role=\"home-score\"]')"
            + ".getBoundingClientRect();"
            + " return {left: score.left - card.left, top: score.top - card.top,"
            + " width: score.width, height: score.height};",
        "[data-game-id='" + gameId + "']");
  }

  /** Returns the ids of all cards in page order, hidden ones included. */
  @SuppressWarnings("unchecked")
  private static List<String> cardIds() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll('[data-game-id]')].map(c => c.dataset.gameId);");
  }

  /** Returns the ids of the cards that are shown, in page order. */
  @SuppressWarnings("unchecked")
  private static List<String> shownCardIds() {
    return (List<String>) browser.script(
        "return [...document.querySelectorAll('[data-game-id]')]"
            + ".filter(c => c.checkVisibility()).map(c => c.dataset.gameId);");
  }
}
