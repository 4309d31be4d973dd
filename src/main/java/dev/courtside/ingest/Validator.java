package dev.courtside.ingest;

import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import java.time.Duration;
import java.util.Optional;

/**
 * The checks that every game and play passes before it reaches the engine, which reject values
 * that cannot be true.
 *
 * <p>Each check returns the rejection reason, which names what is invalid, the value, the
 * record and what was expected, or an empty optional when the record is accepted.
 */
public final class Validator {

  /**
   * Maximum overtime periods accepted. A period past regulation plus this is taken for a feed
   * error, because no NBA game has come close to ten overtimes.
   */
  static final int MAX_OVERTIMES = 10;

  private Validator() {}

  /** Checks a snapshot or header game. */
  public static Optional<String> check(Game game) {
    String record = "game " + game.id();
    String teams = checkTeams(game, record);
    if (teams != null) {
      return Optional.of(teams);
    }
    int maxPeriod = game.regulationPeriods() + MAX_OVERTIMES;
    if (game.period() < 0) {
      return reason("Invalid period " + game.period() + " in " + record
          + ": expected 0 or more");
    }
    if (game.period() > maxPeriod) {
      return reason("Invalid period " + game.period() + " in " + record + ": expected at most "
          + maxPeriod);
    }
    boolean started = game.status().inProgress() || game.status() == GameStatus.FINAL;
    if (started && game.period() < 1) {
      return reason("Invalid period " + game.period() + " in " + record + " with status "
          + game.status().wireName() + ": expected 1 or more");
    }
    String clock = checkClock(game.clock(), game.period(), game.league(), record);
    if (clock != null) {
      return Optional.of(clock);
    }
    String status = checkStatus(game, record);
    if (status != null) {
      return Optional.of(status);
    }
    String home = checkSide(game.home(), "home", record);
    if (home != null) {
      return Optional.of(home);
    }
    return Optional.ofNullable(checkSide(game.away(), "away", record));
  }

  /** Checks a play of a game in {@code league}, whose rules set the period length. */
  public static Optional<String> check(Play play, String league) {
    String record = "action " + play.action() + " of game " + play.gameId();
    int maxPeriod = LeagueRules.of(league).regulationPeriods() + MAX_OVERTIMES;
    if (play.period() < 1) {
      return reason("Invalid period " + play.period() + " in " + record
          + ": expected 1 or more");
    }
    if (play.period() > maxPeriod) {
      return reason("Invalid period " + play.period() + " in " + record + ": expected at most "
          + maxPeriod);
    }
    if (play.scoreHome() < 0) {
      return reason("Invalid home score " + play.scoreHome() + " in " + record
          + ": expected 0 or more");
    }
    if (play.scoreAway() < 0) {
      return reason("Invalid away score " + play.scoreAway() + " in " + record
          + ": expected 0 or more");
    }
    return Optional.ofNullable(checkClock(play.clock(), play.period(), league, record));
  }

  /**
   * Checks that period, clock and score fit the status: nothing played before the start, the
   * middle period at halftime, and at least regulation with the clock run out at the end.
   */
  private static String checkStatus(Game game, String record) {
    String with = " in " + record + " with status " + game.status().wireName();
    switch (game.status()) {
      case SCHEDULED, POSTPONED -> {
        if (game.period() != 0) {
          return "Invalid period " + game.period() + with + ": expected 0 before the start";
        }
        if (game.home().score() != 0 || game.away().score() != 0) {
          return "Invalid score " + game.home().score() + "-" + game.away().score() + with
              + ": expected 0-0 before the start";
        }
        return null;
      }
      case HALFTIME -> {
        int middle = game.regulationPeriods() / 2;
        if (game.regulationPeriods() >= 2 && game.period() != middle) {
          return "Invalid period " + game.period() + with + ": expected " + middle
              + ", the last period of the first half";
        }
        return null;
      }
      case FINAL -> {
        if (game.period() < game.regulationPeriods()) {
          return "Invalid period " + game.period() + with + ": expected "
              + game.regulationPeriods() + " or more, the end of regulation";
        }
        boolean countsDown = LeagueRules.of(game.league()).periodLength() != null;
        if (countsDown && game.clock() != null && !game.clock().isZero()) {
          return "Invalid clock " + format(game.clock()) + with + ": expected 0:00 or none";
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static String checkTeams(Game game, String record) {
    String homeId = game.home().team().id();
    String awayId = game.away().team().id();
    if (homeId.isBlank()) {
      return "Missing home team id in " + record + ": expected a provider team id";
    }
    if (awayId.isBlank()) {
      return "Missing away team id in " + record + ": expected a provider team id";
    }
    if (homeId.equals(awayId)) {
      return "Invalid teams in " + record + ": home and away are both team " + homeId
          + ", expected two different teams";
    }
    return null;
  }

  private static String checkClock(Duration clock, int period, String league, String record) {
    if (clock == null) {
      return null;
    }
    if (clock.isNegative()) {
      return "Invalid clock " + format(clock) + " in " + record + ": expected 0:00 or more";
    }
    // Period 0 (before the start) is checked against the length of the first period.
    Duration length = LeagueRules.of(league).lengthOf(Math.max(period, 1));
    if (length != null && clock.compareTo(length) > 0) {
      return "Invalid clock " + format(clock) + " in period " + period + " of " + record
          + ": expected at most " + format(length);
    }
    return null;
  }

  private static String checkSide(Side side, String label, String record) {
    String team = label + " team " + side.team().id();
    if (side.score() < 0) {
      return "Invalid score " + side.score() + " for " + team + " in " + record
          + ": expected 0 or more";
    }
    if (side.periods().isEmpty()) {
      return null;
    }
    int sum = 0;
    for (int i = 0; i < side.periods().size(); i++) {
      int points = side.periods().get(i);
      if (points < 0) {
        return "Invalid score " + points + " in period " + (i + 1) + " for " + team + " in "
            + record + ": expected 0 or more";
      }
      sum += points;
    }
    if (sum != side.score()) {
      return "Invalid score " + side.score() + " for " + team + " in " + record
          + ": expected the sum of its period scores " + side.periods() + ", which is " + sum;
    }
    return null;
  }

  /** Formats a clock as minutes and seconds, with hundredths when present: 11:42, 0:05.30. */
  static String format(Duration clock) {
    long millis = Math.abs(clock.toMillis());
    String sign = clock.isNegative() ? "-" : "";
    long minutes = millis / 60_000;
    long seconds = (millis / 1000) % 60;
    long hundredths = (millis % 1000) / 10;
    String text = sign + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (hundredths > 0) {
      text += "." + (hundredths < 10 ? "0" : "") + hundredths;
    }
    return text;
  }

  private static Optional<String> reason(String text) {
    return Optional.of(text);
  }
}
