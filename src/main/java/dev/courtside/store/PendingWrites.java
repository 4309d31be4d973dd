package dev.courtside.store;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes queued for the database, coalesced so that only the newest state of each game and
 * of each play is written.
 *
 * <p>Invariant: every queued play of a game was queued after that game's queued play
 * deletion, if any. Writing all deletions first, then games, then plays therefore has the
 * same result as writing the calls in order. Not thread-safe, so the store guards it with
 * its lock.
 */
final class PendingWrites {

  /** Key of a play, because the provider's action number is unique only within one game. */
  record PlayKey(String gameId, long action) {}

  private final Set<String> playDeletions = new LinkedHashSet<>();
  private final Map<String, Game> games = new LinkedHashMap<>();
  private final Map<PlayKey, Play> plays = new LinkedHashMap<>();

  /** Returns the number of queued entries after coalescing. */
  int size() {
    return playDeletions.size() + games.size() + plays.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Returns true when queuing this game would replace an entry rather than add one. */
  boolean replaces(Game game) {
    return games.containsKey(game.id());
  }

  /** Returns true when queuing this play would replace an entry rather than add one. */
  boolean replaces(Play play) {
    return plays.containsKey(new PlayKey(play.gameId(), play.action()));
  }

  /** Returns true when a deletion of this game's plays is already queued. */
  boolean replacesDeletion(String gameId) {
    return playDeletions.contains(gameId);
  }

  void addGame(Game game) {
    games.put(game.id(), game);
  }

  void addPlay(Play play) {
    plays.put(new PlayKey(play.gameId(), play.action()), play);
  }

  /** Queues the deletion of a game's plays and drops its queued plays, which it would undo. */
  void addPlayDeletion(String gameId) {
    plays.keySet().removeIf(key -> key.gameId().equals(gameId));
    playDeletions.add(gameId);
  }

  /**
   * Adds the writes of {@code newer}, which were queued after every write in this one. Used
   * to put a failed batch back in front of the writes queued while it was being written.
   */
  void addAll(PendingWrites newer) {
    newer.playDeletions.forEach(this::addPlayDeletion);
    games.putAll(newer.games);
    plays.putAll(newer.plays);
  }

  Collection<String> playDeletions() {
    return playDeletions;
  }

  Collection<Game> games() {
    return games.values();
  }

  Collection<Play> plays() {
    return plays.values();
  }
}
