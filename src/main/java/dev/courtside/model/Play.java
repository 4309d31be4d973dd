package dev.courtside.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One play-by-play event of a game, in canonical form.
 *
 * <p>Providers edit and delete plays after the fact. An edited play arrives again with the
 * same {@code action} and replaces the earlier one; a deleted one arrives with {@code deleted}
 * set. Both are corrections that clients see as ordinary deltas.
 *
 * @param gameId id of the game the play belongs to
 * @param action the provider's action number, unique within the game
 * @param order position in the game's sequence of plays; providers do not always number
 *     actions in order, so sorting uses this
 * @param period period the play happened in, 1 and up; periods past regulation are overtimes
 * @param clock time left in the period, or null when the provider gives none
 * @param teamId id of the team the play is credited to, or null for neutral events
 * @param type canonical play type; see the constants of this record for the markers the
 *     engine acts on, other types are the provider's own in lower case
 * @param description human-readable text of the play, possibly empty
 * @param scoreHome home score after the play
 * @param scoreAway away score after the play
 * @param time wall-clock time the play happened, or null when unknown
 * @param deleted true when the provider withdrew this play
 */
public record Play(
    String gameId,
    long action,
    long order,
    int period,
    Duration clock,
    String teamId,
    String type,
    String description,
    int scoreHome,
    int scoreAway,
    Instant time,
    boolean deleted) {

  /** Type of the play that starts a period. */
  public static final String PERIOD_START = "period-start";

  /** Type of the play that ends a period. */
  public static final String PERIOD_END = "period-end";

  /** Type of the play that ends the game. */
  public static final String GAME_END = "game-end";

  public Play {
    Objects.requireNonNull(gameId, "gameId");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /** Returns this play marked as withdrawn by the provider. */
  public Play asDeleted() {
    return new Play(gameId, action, order, period, clock, teamId, type, description, scoreHome,
        scoreAway, time, true);
  }
}
