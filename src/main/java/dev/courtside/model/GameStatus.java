package dev.courtside.model;

import java.util.Locale;

/** Status of a game, as every adapter maps its provider's own codes. */
public enum GameStatus {
  SCHEDULED,
  LIVE,
  HALFTIME,
  FINAL,
  POSTPONED,
  SUSPENDED,
  CANCELLED;

  /** Returns the lower-case name used on the wire and in the store. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns true while the clock can run or the game can resume the same day. */
  public boolean inProgress() {
    return this == LIVE || this == HALFTIME;
  }

  /**
   * Parses a wire name such as {@code "live"}.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static GameStatus fromWire(String value) {
    for (GameStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "Invalid game status '" + value + "': expected one of scheduled, live, halftime, final,"
            + " postponed, suspended, cancelled");
  }
}
