package dev.courtside.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the engine keeps about one game: its state, its JSON form as last published,
 * and all of its plays. Guarded by the engine with {@code synchronized (record)}.
 */
final class GameRecord {

  Game game;
  ObjectNode json;
  boolean announced;

  /** Actions of the plays currently in the {@code plays} member of the game channel. */
  final Set<Long> shown = new LinkedHashSet<>();

  // Limitation: every play of every game stays in memory until restart, about 1 KB a play,
  // so a server that follows a whole season needs heap in proportion.
  private final NavigableMap<Long, Play> byOrder = new TreeMap<>();
  private final Map<Long, Play> byAction = new HashMap<>();

  GameRecord(Game game) {
    this.game = game;
  }

  /** Adds a play or replaces the play with the same action; returns the replaced one. */
  Play put(Play play) {
    Play previous = byAction.put(play.action(), play);
    if (previous != null) {
      byOrder.remove(previous.order());
    }
    byOrder.put(play.order(), play);
    return previous;
  }

  void clearPlays() {
    byOrder.clear();
    byAction.clear();
  }

  /** Returns true when no play that was not deleted comes after {@code play}. */
  boolean isLatest(Play play) {
    Play latest = latest();
    return latest == null || latest.order() <= play.order();
  }

  /** Returns the newest play that was not deleted, or null. */
  Play latest() {
    for (Play play : byOrder.descendingMap().values()) {
      if (!play.deleted()) {
        return play;
      }
    }
    return null;
  }

  /** Returns the newest plays that were not deleted, oldest first, at most the recent limit. */
  List<Play> recent() {
    List<Play> newestFirst = page(null, GameEngine.RECENT_PLAYS);
    List<Play> oldestFirst = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      oldestFirst.add(newestFirst.get(i));
    }
    return oldestFirst;
  }

  /** Returns plays that were not deleted, newest first, with an order below the given one. */
  List<Play> page(Long beforeOrder, int limit) {
    NavigableMap<Long, Play> range = beforeOrder == null ? byOrder
        : byOrder.headMap(beforeOrder, false);
    List<Play> page = new ArrayList<>(Math.min(limit, range.size()));
    for (Play play : range.descendingMap().values()) {
      if (page.size() == limit) {
        break;
      }
      if (!play.deleted()) {
        page.add(play);
      }
    }
    return page;
  }
}
