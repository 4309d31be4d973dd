package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks games stale while a source that delivers them is failing, and fresh again once every
 * such source works. A source is a polled URL or a channel. Nothing is deleted: a stale game
 * keeps its last known state.
 *
 * <p>Thread-safe.
 */
public final class StaleTracker {

  private static final Logger log = LoggerFactory.getLogger(StaleTracker.class);

  private final GameWriter writer;
  private final Map<String, Set<String>> failingSourcesByGame = new HashMap<>();

  public StaleTracker(GameWriter writer) {
    this.writer = writer;
  }

  /** Records that {@code source} has been failing past the threshold for these games. */
  public synchronized void failing(String feed, String source, Collection<String> gameIds) {
    for (String gameId : gameIds) {
      Set<String> sources = failingSourcesByGame.computeIfAbsent(gameId, id -> new HashSet<>());
      if (sources.add(source) && sources.size() == 1) {
        log.warn("game marked stale feed={} game={} source={}", feed, gameId, source);
        writer.markStale(gameId, true);
      }
    }
  }

  /** Records that {@code source} works again, which clears games that no other source holds. */
  public synchronized void recovered(String feed, String source) {
    var entries = failingSourcesByGame.entrySet().iterator();
    while (entries.hasNext()) {
      var entry = entries.next();
      if (entry.getValue().remove(source) && entry.getValue().isEmpty()) {
        entries.remove();
        log.info("game fresh again feed={} game={} source={}", feed, entry.getKey(), source);
        writer.markStale(entry.getKey(), false);
      }
    }
  }

  /** Returns true while some source of the game is failing past the threshold. */
  public synchronized boolean isStale(String gameId) {
    return failingSourcesByGame.containsKey(gameId);
  }
}
