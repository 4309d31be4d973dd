package dev.courtside.engine;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.Collection;
import java.util.Optional;

/**
 * The entry point of the game engine for feeds: every accepted snapshot, header and play goes
 * through here, and each call that changes a game publishes on the channels it touches.
 *
 * <p>Calls for one game are applied one at a time in call order. Callers validate before
 * calling; the engine trusts its input.
 */
public interface GameWriter {

  /**
   * Creates the game if unknown, or fills in its identity (teams, league, start) without
   * touching scores, status, period or clock.
   */
  void applyHeader(Game header);

  /** Replaces the state of the game with an authoritative snapshot from a feed. */
  void applySnapshot(Game snapshot);

  /**
   * Applies one play: adds it to the game's plays, or replaces the earlier play with the same
   * action number, and moves score, period, clock and status to what the play says.
   */
  void applyPlay(Play play);

  /**
   * Starts the game over from {@code header}: its plays are removed and it is scheduled
   * again. Used when a replay loops.
   */
  void restart(Game header);

  /** Marks the game as stale (its feed is failing) or fresh again. */
  void markStale(String gameId, boolean stale);

  /** Returns the current state of a game. */
  Optional<Game> current(String gameId);

  /** Returns the current state of every game. */
  Collection<Game> games();
}
