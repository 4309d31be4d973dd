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

/**
 * Reader of an ESPN site API competition (scoreboard event or summary header): its two
 * competitors, scores sent as strings, linescores and {@code status}.
 */
final class EspnGameState {

  static final String LEAGUE = "nba";

  private EspnGameState() {}

  /**
   * Reads one competition as a snapshot.
   *
   * @param competition the competition, with {@code competitors} and {@code status}
   * @param status the status object, which scoreboards also repeat at event level
   * @param start the scheduled start
   * @throws InvalidRecordException when a field cannot be read
   */
  static Game read(JsonNode competition, JsonNode status, Instant start, String gameId,
      String record) {
    GameStatus gameStatus = status(status, record);
    JsonNode home = competitor(competition, "home", record);
    JsonNode away = competitor(competition, "away", record);
    Integer statusPeriod = ProviderValues.optionalInteger(status.get("period"), "status.period",
        record);
    // A summary header's status has no period: the linescores played so far give it.
    int period = statusPeriod != null ? statusPeriod
        : Math.max(home.path("linescores").size(), away.path("linescores").size());
    Duration clock = ProviderValues.secondsClock(status.get("clock"), "status.clock", record);
    if (!gameStatus.inProgress() && gameStatus != GameStatus.FINAL) {
      clock = null;
    }
    return new Game(gameId, LEAGUE, start, side(home, period, "home", record),
        side(away, period, "away", record), gameStatus, period,
        LeagueRules.NBA.regulationPeriods(), clock, null, false, 0);
  }

  private static JsonNode competitor(JsonNode competition, String homeAway, String record) {
    for (JsonNode competitor : competition.path("competitors")) {
      if (homeAway.equals(competitor.path("homeAway").asText())) {
        return competitor;
      }
    }
    throw new InvalidRecordException("Missing " + homeAway + " competitor in " + record
        + ": expected a competitor with homeAway '" + homeAway + "'");
  }

  private static Side side(JsonNode competitor, int gamePeriod, String label, String record) {
    String field = label + " score";
    Integer score = ProviderValues.optionalInteger(competitor.get("score"), field, record);
    List<Integer> periods = new ArrayList<>();
    for (JsonNode line : competitor.path("linescores")) {
      int number = line.has("period")
          ? ProviderValues.integer(line.get("period"), label + " linescore period", record)
          : periods.size() + 1;
      if (number > gamePeriod) {
        continue;
      }
      JsonNode value = line.has("value") ? line.get("value") : line.get("displayValue");
      periods.add(ProviderValues.integer(value, label + " linescore", record));
    }
    return new Side(team(competitor.path("team"), label, record), score == null ? 0 : score,
        periods);
  }

  private static Team team(JsonNode team, String label, String record) {
    String id = ProviderValues.text(team.get("id"));
    if (id == null) {
      throw new InvalidRecordException(
          "Missing " + label + " team id in " + record + ": expected an ESPN team id");
    }
    return new Team(LEAGUE, id, team.path("displayName").asText(""),
        team.path("abbreviation").asText(""), team.path("location").asText(""));
  }

  /**
   * Maps {@code status.type.name}. Names not listed fall back to {@code status.type.state}
   * ({@code pre}, {@code in}, {@code post}).
   */
  private static GameStatus status(JsonNode status, String record) {
    JsonNode type = status.path("type");
    String name = type.path("name").asText("");
    switch (name) {
      case "STATUS_SCHEDULED":
        return GameStatus.SCHEDULED;
      case "STATUS_IN_PROGRESS":
      case "STATUS_END_PERIOD":
      case "STATUS_FIRST_HALF":
      case "STATUS_SECOND_HALF":
      case "STATUS_OVERTIME":
        return GameStatus.LIVE;
      case "STATUS_HALFTIME":
        return GameStatus.HALFTIME;
      case "STATUS_FINAL":
      case "STATUS_FINAL_OT":
      case "STATUS_FULL_TIME":
        return GameStatus.FINAL;
      case "STATUS_POSTPONED":
        return GameStatus.POSTPONED;
      case "STATUS_SUSPENDED":
      case "STATUS_RAIN_DELAY":
        return GameStatus.SUSPENDED;
      case "STATUS_CANCELED":
      case "STATUS_CANCELLED":
        return GameStatus.CANCELLED;
      default:
        break;
    }
    return switch (type.path("state").asText("")) {
      case "pre" -> GameStatus.SCHEDULED;
      case "in" -> GameStatus.LIVE;
      case "post" -> GameStatus.FINAL;
      default -> throw ProviderValues.invalid("status.type.name", name, record,
          "a known ESPN status such as STATUS_IN_PROGRESS, or state pre, in or post");
    };
  }
}
