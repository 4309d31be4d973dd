package dev.courtside.ingest;

import dev.courtside.model.Play;

/**
 * The numeric event types that stats.nba.com ({@code EVENTMSGTYPE}) and data.nba.com
 * ({@code etype}) share, mapped to canonical play types.
 */
final class NbaEventTypes {

  /** Event type that starts a period. */
  static final int PERIOD_START = 12;

  /** Event type that ends a period, and in data.nba.com also the game. */
  static final int PERIOD_END = 13;

  private NbaEventTypes() {}

  /** Returns the canonical play type of an event type; unknown codes become {@code event-N}. */
  static String playType(int eventType) {
    return switch (eventType) {
      case 1 -> "made-shot";
      case 2 -> "missed-shot";
      case 3 -> "freethrow";
      case 4 -> "rebound";
      case 5 -> "turnover";
      case 6 -> "foul";
      case 7 -> "violation";
      case 8 -> "substitution";
      case 9 -> "timeout";
      case 10 -> "jumpball";
      case 11 -> "ejection";
      case PERIOD_START -> Play.PERIOD_START;
      case PERIOD_END -> Play.PERIOD_END;
      case 18 -> "instant-replay";
      case 20 -> "stoppage";
      default -> "event-" + eventType;
    };
  }
}
