package dev.courtside.store;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of every game's latest state and its play-by-play.
 *
 * <p>Writes never wait for the database: {@link #saveGame}, {@link #savePlay} and
 * {@link #deletePlays} queue the write and return. The store writes the queue in the
 * background, with the same result as writing each call in order. A write that returned
 * normally is accepted, and it is not dropped while the store is open, even while the
 * database is failing. Reads return what is already durable, so a write that is still
 * queued is not visible to them yet.
 *
 * <p>All methods are safe to call from any thread. Reads block on the database, so callers
 * on an event loop run them as blocking code.
 */
public interface GameStore extends AutoCloseable {

  /**
   * Queues the state of a game for writing. It replaces any earlier state of the same game,
   * including one still queued.
   *
   * @throws IllegalStateException when the store is closed or its write queue is full
   */
  void saveGame(Game game);

  /**
   * Queues a play for writing. It replaces the earlier play with the same game id and action
   * number. A play with {@code deleted} set is stored marked as deleted, and {@link
   * #loadPlays} leaves it out.
   *
   * @throws IllegalStateException when the store is closed or its write queue is full
   */
  void savePlay(Play play);

  /**
   * Queues the removal of every play of a game, as when a replay starts the game over. Plays
   * saved after this call are kept.
   *
   * @throws IllegalStateException when the store is closed or its write queue is full
   */
  void deletePlays(String gameId);

  /** Loads the latest durable state of every game, ordered by game id. */
  List<Game> loadGames();

  /** Loads the latest durable state of one game, or empty when it was never saved. */
  Optional<Game> loadGame(String id);

  /**
   * Loads a page of a game's plays, newest first by {@link Play#order()}, leaving out plays
   * marked deleted.
   *
   * @param gameId id of the game
   * @param beforeOrder when not null, only plays whose order is less than this are returned,
   *     so passing the order of the last play of a page returns the next page
   * @param limit maximum number of plays returned, 0 or more
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<Play> loadPlays(String gameId, Long beforeOrder, int limit);

  /**
   * Blocks until every write accepted before this call is durable. While the database is
   * failing this waits for it to recover, with no time limit.
   *
   * @throws IllegalStateException when the calling thread is interrupted while waiting
   */
  void flush();

  /**
   * Blocks until every write accepted before this call is durable, or until the timeout
   * passes.
   *
   * @return true when the writes are durable, false when the timeout passed or the calling
   *     thread was interrupted first (its interrupt status is then set again)
   */
  boolean flush(Duration timeout);

  /** Returns false while writes to the database are failing, and after {@link #close}. */
  boolean healthy();

  /**
   * Flushes the accepted writes, then releases the database connections. An implementation
   * may bound the wait, and then documents what happens to the writes still queued. Later
   * writes and reads raise {@link IllegalStateException}. Calling it again does nothing.
   */
  @Override
  void close();
}
