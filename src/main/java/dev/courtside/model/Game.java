package dev.courtside.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of one game at one moment.
 *
 * @param id the provider's game id, unique across leagues in one Courtside
 * @param league league id, such as {@code nba}
 * @param start scheduled start in UTC, or null when the provider gives none
 * @param home the home side
 * @param away the away side
 * @param status where the game stands
 * @param period current period, 0 before the start; past {@code regulationPeriods} it is an
 *     overtime
 * @param regulationPeriods periods in regulation: 4 quarters, or 2 halves
 * @param clock time left in the period, or null when not running or unknown
 * @param lastPlay the latest play, or null
 * @param stale true while the feed of this game is failing; the values are the last known
 * @param seq number of changes the engine has applied to this game
 */
public record Game(
    String id,
    String league,
    Instant start,
    Side home,
    Side away,
    GameStatus status,
    int period,
    int regulationPeriods,
    Duration clock,
    Play lastPlay,
    boolean stale,
    long seq) {

  public Game {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(league, "league");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(away, "away");
    Objects.requireNonNull(status, "status");
  }

  /** Returns a game that has not started, between the two given teams. */
  public static Game scheduled(String id, String league, Instant start, Team home, Team away,
      int regulationPeriods) {
    return new Game(id, league, start, Side.scoreless(home), Side.scoreless(away),
        GameStatus.SCHEDULED, 0, regulationPeriods, null, null, false, 0);
  }

  public Game withStatus(GameStatus newStatus) {
    return new Game(id, league, start, home, away, newStatus, period, regulationPeriods, clock,
        lastPlay, stale, seq);
  }

  public Game withSides(Side newHome, Side newAway) {
    return new Game(id, league, start, newHome, newAway, status, period, regulationPeriods,
        clock, lastPlay, stale, seq);
  }

  public Game withPeriodAndClock(int newPeriod, Duration newClock) {
    return new Game(id, league, start, home, away, status, newPeriod, regulationPeriods,
        newClock, lastPlay, stale, seq);
  }

  public Game withLastPlay(Play play) {
    return new Game(id, league, start, home, away, status, period, regulationPeriods, clock,
        play, stale, seq);
  }

  public Game withStale(boolean newStale) {
    return new Game(id, league, start, home, away, status, period, regulationPeriods, clock,
        lastPlay, newStale, seq);
  }

  public Game withSeq(long newSeq) {
    return new Game(id, league, start, home, away, status, period, regulationPeriods, clock,
        lastPlay, stale, newSeq);
  }

  /** Returns true once the period is past regulation. */
  public boolean inOvertime() {
    return period > regulationPeriods;
  }
}
