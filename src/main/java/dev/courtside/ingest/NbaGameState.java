package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reader of the NBA game object that the liveData box score, the liveData scoreboard and the
 * nba.com game page share: {@code gameId}, {@code gameStatus} with {@code gameStatusText},
 * {@code period}, {@code gameClock}, {@code gameTimeUTC} and the two teams with their scores.
 */
final class NbaGameState {

  private NbaGameState() {}

  /**
   * Reads one game as a snapshot.
   *
   * <p>The start comes from {@code gameTimeUTC}, because {@code gameEt} is sometimes Eastern
   * wall-clock time wrongly marked {@code Z}. Periods not yet played, which the scoreboard lists
   * with 0 points, are left out of the per-period scores.
   *
   * @throws InvalidRecordException when a field cannot be read
   */
  static Game read(JsonNode game, String gameId, String record) {
    GameStatus status = status(game, record);
    int period = ProviderValues.integer(game.get("period"), "period", record);
    Integer regulation = ProviderValues.optionalInteger(game.get("regulationPeriods"),
        "regulationPeriods", record);
    Duration clock = ProviderValues.isoClock(game.get("gameClock"), "gameClock", record);
    Instant start = ProviderValues.instant(game.get("gameTimeUTC"), "gameTimeUTC", record);
    Side home = side(game.path("homeTeam"), period, "homeTeam", record);
    Side away = side(game.path("awayTeam"), period, "awayTeam", record);
    return new Game(gameId, NbaActions.LEAGUE, start, home, away, status, period,
        regulation == null ? LeagueRules.NBA.regulationPeriods() : regulation, clock, null, false,
        0);
  }

  /** Reads a team object: {@code teamId}, {@code teamCity}, {@code teamName}, tricode. */
  static Team team(JsonNode team, String field, String record) {
    String id = NbaActions.teamId(team.get("teamId"));
    if (id == null) {
      throw new InvalidRecordException(
          "Missing " + field + ".teamId in " + record + ": expected a provider team id");
    }
    String city = team.path("teamCity").asText("");
    String name = team.path("teamName").asText("");
    String fullName = (city + " " + name).trim();
    return new Team(NbaActions.LEAGUE, id, fullName, team.path("teamTricode").asText(""), city);
  }

  private static Side side(JsonNode team, int gamePeriod, String field, String record) {
    int score = ProviderValues.integer(team.get("score"), field + ".score", record);
    List<Integer> periods = new ArrayList<>();
    for (JsonNode entry : team.path("periods")) {
      int number = ProviderValues.integer(entry.get("period"), field + ".periods.period", record);
      if (number > gamePeriod) {
        continue;
      }
      if (number != periods.size() + 1) {
        throw ProviderValues.invalid(field + ".periods.period", String.valueOf(number), record,
            "period " + (periods.size() + 1));
      }
      periods.add(ProviderValues.integer(entry.get("score"), field + ".periods.score", record));
    }
    return new Side(team(team, field, record), score, periods);
  }

  private static GameStatus status(JsonNode game, String record) {
    int code = ProviderValues.integer(game.get("gameStatus"), "gameStatus", record);
    String text = game.path("gameStatusText").asText("").toLowerCase(Locale.ROOT);
    if (text.contains("ppd") || text.contains("postponed")) {
      return GameStatus.POSTPONED;
    }
    if (text.contains("cancel")) {
      return GameStatus.CANCELLED;
    }
    if (text.contains("suspended")) {
      return GameStatus.SUSPENDED;
    }
    return switch (code) {
      case 1 -> GameStatus.SCHEDULED;
      case 2 -> text.contains("half") ? GameStatus.HALFTIME : GameStatus.LIVE;
      case 3 -> GameStatus.FINAL;
      default -> throw ProviderValues.invalid("gameStatus", String.valueOf(code), record,
          "1 (scheduled), 2 (live) or 3 (final)");
    };
  }
}
