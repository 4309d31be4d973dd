package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Game;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import dev.courtside.model.Team;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adapter for the stats.nba.com play-by-play, {@code playbyplay} (12 columns) and
 * {@code playbyplayv2} (34 columns): the plays of the {@code PlayByPlay} result set and one
 * header game.
 *
 * <p>The format is detected from the column headers, because the v2 payload still says
 * {@code "resource": "playbyplay"}. Rows are kept in feed order, because {@code EVENTNUM} is
 * not ascending. {@code SCORE} is {@code "visitor - home"} on scoring rows and null elsewhere,
 * so the last score is carried forward. The local wall clock ({@code WCTIMESTRING}) has no
 * date or zone, so {@link Play#time()} is null.
 */
public final class StatsPlayByPlayAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "stats-nba-playbyplay";

  private static final String LEAGUE = "nba";

  private static final List<String> REQUIRED_COLUMNS = List.of("GAME_ID", "EVENTNUM",
      "EVENTMSGTYPE", "PERIOD", "PCTIMESTRING", "HOMEDESCRIPTION", "VISITORDESCRIPTION",
      "SCORE");

  private static final String SCORE_SHAPE = "'visitor - home' such as '107 - 84'";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return playByPlaySet(root) != null;
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    JsonNode set = playByPlaySet(root);
    Map<String, Integer> columns = columns(set.path("headers"));
    JsonNode rows = set.path("rowSet");
    String gameId = rows.isEmpty() ? root.path("parameters").path("GameID").asText("")
        : rows.path(0).path(columns.get("GAME_ID")).asText("");

    RowTeams teams = new RowTeams();
    readRows(rows, columns, gameId, batch, teams);
    NbaActions.addGameEndIfImplied(batch);

    Team home = teams.team(true, gameId);
    Team away = teams.team(false, gameId);
    batch.addHeader(Game.scheduled(gameId, LEAGUE, null, home, away,
        LeagueRules.NBA.regulationPeriods()));
    return batch.build();
  }

  private static void readRows(JsonNode rows, Map<String, Integer> columns, String gameId,
      FeedBatchBuilder batch, RowTeams teams) {
    long order = 0;
    int lastHome = 0;
    int lastAway = 0;
    for (JsonNode row : rows) {
      order++;
      String record = "event " + row.path(columns.get("EVENTNUM")).asText("at row " + order)
          + " of game " + gameId;
      Play play;
      try {
        play = readRow(row, columns, gameId, order, record, lastHome, lastAway, teams);
      } catch (InvalidRecordException e) {
        batch.reject(record, e.getMessage());
        continue;
      }
      if (batch.addPlay(play, LEAGUE)) {
        lastHome = play.scoreHome();
        lastAway = play.scoreAway();
      }
    }
  }

  private static Play readRow(JsonNode row, Map<String, Integer> columns, String gameId,
      long order, String record, int lastHome, int lastAway, RowTeams teams) {
    long number = ProviderValues.integer(cell(row, columns, "EVENTNUM"), "EVENTNUM", record);
    int eventType = ProviderValues.integer(cell(row, columns, "EVENTMSGTYPE"), "EVENTMSGTYPE",
        record);
    int period = ProviderValues.integer(cell(row, columns, "PERIOD"), "PERIOD", record);
    Duration clock = ProviderValues.minutesClock(cell(row, columns, "PCTIMESTRING"),
        "PCTIMESTRING", record);
    int home = lastHome;
    int away = lastAway;
    String score = ProviderValues.text(cell(row, columns, "SCORE"));
    if (score != null) {
      String[] parts = score.split("-");
      if (parts.length != 2) {
        throw ProviderValues.invalid("SCORE", score, record, SCORE_SHAPE);
      }
      away = parseScore(parts[0], score, record);
      home = parseScore(parts[1], score, record);
    }

    String homeText = ProviderValues.text(cell(row, columns, "HOMEDESCRIPTION"));
    String neutralText = ProviderValues.text(cell(row, columns, "NEUTRALDESCRIPTION"));
    String visitorText = ProviderValues.text(cell(row, columns, "VISITORDESCRIPTION"));
    Boolean homeSide = homeText != null && visitorText == null ? Boolean.TRUE
        : visitorText != null && homeText == null ? Boolean.FALSE : null;
    String teamId = teams.observe(row, columns, homeSide, homeText, visitorText);
    String description = String.join(" ", nonNull(homeText, neutralText, visitorText));
    return new Play(gameId, number, order, period, clock, teamId,
        NbaEventTypes.playType(eventType), description, home, away, null, false);
  }

  private static int parseScore(String part, String score, String record) {
    try {
      return Integer.parseInt(part.trim());
    } catch (NumberFormatException e) {
      throw ProviderValues.invalid("SCORE", score, record, SCORE_SHAPE);
    }
  }

  private static List<String> nonNull(String... texts) {
    return Arrays.stream(texts).filter(t -> t != null).toList();
  }

  private static JsonNode cell(JsonNode row, Map<String, Integer> columns, String name) {
    Integer index = columns.get(name);
    return index == null ? null : row.get(index);
  }

  private static JsonNode playByPlaySet(JsonNode root) {
    for (JsonNode set : root.path("resultSets")) {
      Map<String, Integer> columns = columns(set.path("headers"));
      if (columns.keySet().containsAll(REQUIRED_COLUMNS)) {
        return set;
      }
    }
    return null;
  }

  private static Map<String, Integer> columns(JsonNode headers) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      columns.put(headers.get(i).asText().toUpperCase(Locale.ROOT), i);
    }
    return columns;
  }

  /**
   * The two teams, read from the rows. The v2 layout names the team of the first player of
   * each row ({@code PLAYER1_TEAM_ID}, city, nickname and abbreviation), and the description
   * column (home or visitor) gives its side.
   */
  private static final class RowTeams {

    private final Team[] sides = new Team[2];
    private final String[] nicknames = new String[2];

    String observe(JsonNode row, Map<String, Integer> columns, Boolean homeSide,
        String homeText, String visitorText) {
      String teamId = NbaActions.teamId(cell(row, columns, "PLAYER1_TEAM_ID"));
      if (homeSide == null) {
        return teamId;
      }
      int index = homeSide ? 0 : 1;
      boolean teamColumns = columns.containsKey("PLAYER1_TEAM_ID");
      if (!teamColumns) {
        teamId = sideId(row.path(columns.get("GAME_ID")).asText(""), homeSide);
      }
      if (teamColumns && teamId != null && sides[index] == null) {
        String city = ProviderValues.text(cell(row, columns, "PLAYER1_TEAM_CITY"));
        String nickname = ProviderValues.text(cell(row, columns, "PLAYER1_TEAM_NICKNAME"));
        String abbreviation =
            ProviderValues.text(cell(row, columns, "PLAYER1_TEAM_ABBREVIATION"));
        String name = ((city == null ? "" : city) + " " + (nickname == null ? "" : nickname))
            .trim();
        sides[index] = new Team(LEAGUE, teamId, name, abbreviation, city);
      }
      String text = homeSide ? homeText : visitorText;
      int timeout = text.indexOf(" Timeout");
      if (nicknames[index] == null && timeout > 0) {
        nicknames[index] = text.substring(0, timeout).trim();
      }
      return teamId;
    }

    /**
     * Returns the team of one side. Limitation: the 12-column v1 layout has no team columns,
     * so its teams get the ids {@code {gameId}-home} and {@code {gameId}-away}, which match no
     * other feed, and a nickname taken from a timeout row when there is one.
     */
    Team team(boolean home, String gameId) {
      int index = home ? 0 : 1;
      if (sides[index] != null) {
        return sides[index];
      }
      String id = sideId(gameId, home);
      String name = nicknames[index] == null ? (home ? "Home" : "Away")
          : capitalize(nicknames[index]);
      return new Team(LEAGUE, id, name, "", "");
    }

    private static String sideId(String gameId, boolean home) {
      return gameId + (home ? "-home" : "-away");
    }

    private static String capitalize(String word) {
      String lower = word.toLowerCase(Locale.ROOT);
      return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
  }
}
