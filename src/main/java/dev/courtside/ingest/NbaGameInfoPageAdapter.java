package dev.courtside.ingest;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Scraping adapter for the old nba.com "gameinfo" HTML page
 * ({@code www.nba.com/games/YYYYMMDD/AWAYHOME/gameinfo.html}, as served in 2016), the HTML
 * fallback when no JSON feed is available: one snapshot per page.
 *
 * <p>The page states the game in an inline script ({@code var gameState = "Pre" | "Live" |
 * "Final"; var gameDate = "YYYYMMDD";}), the scores in {@code #nbaGIGameScore h2.teamAway} and
 * {@code h2.teamHome}, period and clock in {@code p.quarterStatus} ({@code 4Q-2:19}), the
 * tricodes in {@code .nbaGIAwayT} and {@code .nbaGIHomeT}, the line score in the
 * {@code .nbaGISBoard} table (away row first, unplayed quarters as 0), the game id in
 * {@code data-game-id} and the full team names in the title, away first.
 */
public final class NbaGameInfoPageAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "nba-gameinfo-html";

  private static final Pattern GAME_STATE =
      Pattern.compile("var\\s+gameState\\s*=\\s*\"(\\w+)\"");
  private static final Pattern GAME_DATE =
      Pattern.compile("var\\s+gameDate\\s*=\\s*\"(\\d{8})\"");
  private static final Pattern QUARTER_STATUS =
      Pattern.compile("(\\d+)\\s*(Q|OT)\\s*-\\s*(\\d{1,2}:\\d{2}(?:\\.\\d+)?)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern EASTERN_TIME =
      Pattern.compile("(\\d{1,2}:\\d{2})\\s*([AP]M)\\s*ET", Pattern.CASE_INSENSITIVE);
  private static final ZoneId EASTERN = ZoneId.of("America/New_York");

  /**
   * NBA team ids by tricode, as the NBA stats and liveData feeds number them, so a scraped
   * game has the same team ids as the JSON feeds. An unknown tricode is used as the id.
   */
  private static final Map<String, String> TEAM_IDS = Map.ofEntries(
      Map.entry("ATL", "1610612737"), Map.entry("BOS", "1610612738"),
      Map.entry("CLE", "1610612739"), Map.entry("NOP", "1610612740"),
      Map.entry("CHI", "1610612741"), Map.entry("DAL", "1610612742"),
      Map.entry("DEN", "1610612743"), Map.entry("GSW", "1610612744"),
      Map.entry("HOU", "1610612745"), Map.entry("LAC", "1610612746"),
      Map.entry("LAL", "1610612747"), Map.entry("MIA", "1610612748"),
      Map.entry("MIL", "1610612749"), Map.entry("MIN", "1610612750"),
      Map.entry("BKN", "1610612751"), Map.entry("NYK", "1610612752"),
      Map.entry("ORL", "1610612753"), Map.entry("IND", "1610612754"),
      Map.entry("PHI", "1610612755"), Map.entry("PHX", "1610612756"),
      Map.entry("POR", "1610612757"), Map.entry("SAC", "1610612758"),
      Map.entry("SAS", "1610612759"), Map.entry("OKC", "1610612760"),
      Map.entry("TOR", "1610612761"), Map.entry("UTA", "1610612762"),
      Map.entry("MEM", "1610612763"), Map.entry("WAS", "1610612764"),
      Map.entry("DET", "1610612765"), Map.entry("CHA", "1610612766"));

  /** Returns true when the HTML text is a gameinfo page. */
  public static boolean recognizes(String html) {
    return html.contains("nbaGIScoreTime") && GAME_STATE.matcher(html).find();
  }

  /** Reads one page into a batch with one snapshot, or one rejection. */
  public FeedBatch adapt(String html, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    Document page = Jsoup.parse(html);
    Element idHolder = page.selectFirst("[data-game-id]");
    String gameId = idHolder == null ? "" : idHolder.attr("data-game-id").trim();
    if (gameId.isEmpty()) {
      batch.reject("page", "Missing data-game-id in " + source
          + ": expected the game id on the page's watch or listen links");
      return batch.build();
    }
    String record = "game " + gameId;
    try {
      batch.addSnapshot(read(page, html, gameId, record));
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
    }
    return batch.build();
  }

  private static Game read(Document page, String html, String gameId, String record) {
    String state = match(GAME_STATE, html);
    String quarterStatus = text(page.selectFirst("p.quarterStatus"));
    GameStatus status = switch (state.toLowerCase(Locale.ROOT)) {
      case "pre" -> GameStatus.SCHEDULED;
      case "live" -> quarterStatus.toLowerCase(Locale.ROOT).contains("half")
          ? GameStatus.HALFTIME : GameStatus.LIVE;
      case "final" -> GameStatus.FINAL;
      default -> throw ProviderValues.invalid("gameState", state, record, "Pre, Live or Final");
    };
    String[] names = teamNames(page.title());
    Team away = team(text(page.selectFirst(".nbaGIAwayT p")), names[0], "away", record);
    Team home = team(text(page.selectFirst(".nbaGIHomeT p")), names[1], "home", record);
    List<List<Integer>> lines = lineScore(page, record);

    int period = 0;
    Duration clock = null;
    Matcher quarter = QUARTER_STATUS.matcher(quarterStatus);
    if (status == GameStatus.FINAL) {
      period = lines.isEmpty() ? LeagueRules.NBA.regulationPeriods() : lines.get(0).size();
      clock = Duration.ZERO;
    } else if (status == GameStatus.HALFTIME) {
      period = LeagueRules.NBA.regulationPeriods() / 2;
    } else if (status == GameStatus.LIVE) {
      if (!quarter.find()) {
        throw ProviderValues.invalid("quarterStatus", quarterStatus, record,
            "a period and clock such as 4Q-2:19 or 1OT-3:05");
      }
      int number = Integer.parseInt(quarter.group(1));
      period = quarter.group(2).equalsIgnoreCase("OT")
          ? LeagueRules.NBA.regulationPeriods() + number : number;
      clock = ProviderValues.minutesClock(TextNode.valueOf(quarter.group(3)), "quarterStatus",
          record);
    }
    Side awaySide = side(away, text(page.selectFirst("#nbaGIGameScore h2.teamAway")),
        lines.size() == 2 ? lines.get(0) : List.of(), period, "away", record);
    Side homeSide = side(home, text(page.selectFirst("#nbaGIGameScore h2.teamHome")),
        lines.size() == 2 ? lines.get(1) : List.of(), period, "home", record);
    return new Game(gameId, NbaActions.LEAGUE, start(page, html, record), homeSide, awaySide,
        status, period, LeagueRules.NBA.regulationPeriods(), clock, null, false, 0);
  }

  /** Returns away and home full names from a title such as "Chicago Bulls vs Miami Heat - ...". */
  private static String[] teamNames(String title) {
    int dash = title.indexOf(" - ");
    String teams = dash < 0 ? title : title.substring(0, dash);
    int vs = teams.indexOf(" vs ");
    if (vs < 0) {
      return new String[] {"", ""};
    }
    return new String[] {teams.substring(0, vs).trim(), teams.substring(vs + 4).trim()};
  }

  private static Team team(String tricode, String name, String label, String record) {
    if (tricode.isEmpty()) {
      throw new InvalidRecordException("Missing " + label + " tricode in " + record
          + ": expected the team's three letters in .nbaGI" + (label.equals("away") ? "Away"
          : "Home") + "T");
    }
    String code = tricode.toUpperCase(Locale.ROOT);
    return new Team(NbaActions.LEAGUE, TEAM_IDS.getOrDefault(code, code),
        name.isEmpty() ? code : name, code, "");
  }

  /**
   * Returns the away and home period scores of the line score, or an empty list when the
   * table shows season records instead (before the start).
   */
  private static List<List<Integer>> lineScore(Document page, String record) {
    Elements headers = page.select(".nbaGISBoard table tr th");
    int periods = 0;
    for (Element header : headers) {
      String label = header.text().trim();
      // NOTE: the recorded pages have no overtime, so the OT column heading is a guess.
      if (label.matches("\\d+|OT\\d*")) {
        periods++;
      }
    }
    if (periods == 0) {
      return List.of();
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (Element row : page.select(".nbaGISBoard table tr")) {
      Elements cells = row.select("td.score");
      if (cells.isEmpty()) {
        continue;
      }
      List<Integer> scores = new ArrayList<>();
      for (int i = 0; i < Math.min(periods, cells.size()); i++) {
        scores.add(integer(cells.get(i).text(), "line score", record));
      }
      rows.add(scores);
    }
    return rows.size() == 2 ? rows : List.of();
  }

  private static Side side(Team team, String scoreText, List<Integer> line, int period,
      String label, String record) {
    int score = scoreText.isEmpty() ? 0 : integer(scoreText, label + " score", record);
    List<Integer> periods = line.size() > period ? line.subList(0, period) : line;
    return new Side(team, score, periods);
  }

  private static Instant start(Document page, String html, String record) {
    String date = match(GAME_DATE, html);
    Matcher time = EASTERN_TIME.matcher(text(page.selectFirst("p.nbaGITime")));
    if (date.isEmpty() || !time.find()) {
      return null;
    }
    try {
      LocalDate day = LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE);
      LocalTime clock = LocalTime.parse(time.group(1).toUpperCase(Locale.ROOT) + " "
          + time.group(2).toUpperCase(Locale.ROOT), DateTimeFormatter.ofPattern("h:mm a",
          Locale.ROOT));
      return day.atTime(clock).atZone(EASTERN).toInstant();
    } catch (DateTimeParseException e) {
      throw ProviderValues.invalid("start time", date + " " + time.group(), record,
          "a date YYYYMMDD and a time such as 8:00 PM ET");
    }
  }

  private static int integer(String text, String field, String record) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw ProviderValues.invalid(field, text, record, "a whole number");
    }
  }

  private static String match(Pattern pattern, String html) {
    Matcher matcher = pattern.matcher(html);
    return matcher.find() ? matcher.group(1) : "";
  }

  /** Returns the element's text with non-breaking spaces removed, or "" when absent. */
  private static String text(Element element) {
    return element == null ? "" : element.text().replace('\u00a0', ' ').trim();
  }
}
