package dev.courtside.model;

import java.time.Duration;
import java.util.Locale;

/**
 * Period structure of a league, used to check clocks and to label periods.
 *
 * @param regulationPeriods periods in regulation
 * @param periodLength length of a regulation period, or null when the clock counts up (soccer)
 * @param overtimeLength length of an overtime period, or null when the clock counts up
 */
public record LeagueRules(int regulationPeriods, Duration periodLength, Duration overtimeLength) {

  /** NBA and WNBA-style basketball: four 12-minute quarters, 5-minute overtimes. */
  public static final LeagueRules NBA =
      new LeagueRules(4, Duration.ofMinutes(12), Duration.ofMinutes(5));

  /** College basketball: two 20-minute halves, 5-minute overtimes. */
  public static final LeagueRules NCAA_BASKETBALL =
      new LeagueRules(2, Duration.ofMinutes(20), Duration.ofMinutes(5));

  /** Soccer: two halves with a clock that counts up, so no length is checked. */
  public static final LeagueRules SOCCER = new LeagueRules(2, null, null);

  /** Returns the rules of a league id; unknown leagues get NBA rules. */
  public static LeagueRules of(String league) {
    return switch (league.toLowerCase(Locale.ROOT)) {
      case "wnba", "nba", "gleague" -> NBA;
      case "ncaam", "ncaaw", "mens-college-basketball", "womens-college-basketball" ->
          NCAA_BASKETBALL;
      case "soccer", "epl", "eng.1", "4328" -> SOCCER;
      default -> NBA;
    };
  }

  /** Returns the length of the given period, or null when the clock counts up. */
  public Duration lengthOf(int period) {
    return period > regulationPeriods ? overtimeLength : periodLength;
  }
}
