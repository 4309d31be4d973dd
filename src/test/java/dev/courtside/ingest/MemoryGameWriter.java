package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link GameWriter} for tests: keeps each game's state as the plays move it and
 * records every call, so a test can check both the end state and what the feed sent.
 */
final class MemoryGameWriter implements GameWriter {

  /** One call to the writer: the method name and the game or play it received. */
  record Call(String method, String gameId, Object argument) {}

  private final Map<String, Game> games = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();

  @Override
  public synchronized void applyHeader(Game header) {
    calls.add(new Call("applyHeader", header.id(), header));
    Game known = games.get(header.id());
    if (known == null) {
      games.put(header.id(), header);
      return;
    }
    games.put(header.id(), known.withSides(known.home().withTeam(header.home().team()),
        known.away().withTeam(header.away().team())));
  }

  @Override
  public synchronized void applySnapshot(Game snapshot) {
    calls.add(new Call("applySnapshot", snapshot.id(), snapshot));
    games.put(snapshot.id(), snapshot);
  }

  @Override
  public synchronized void applyPlay(Play play) {
    calls.add(new Call("applyPlay", play.gameId(), play));
    Game game = games.get(play.gameId());
    if (game == null) {
      throw new IllegalStateException("Play for unknown game " + play.gameId());
    }
    Side home = game.home().withScoreInPeriod(play.scoreHome(), play.period());
    Side away = game.away().withScoreInPeriod(play.scoreAway(), play.period());
    GameStatus status = play.type().equals(Play.GAME_END) ? GameStatus.FINAL : GameStatus.LIVE;
    games.put(play.gameId(), game.withSides(home, away)
        .withPeriodAndClock(play.period(), play.clock())
        .withStatus(status)
        .withLastPlay(play));
  }

  @Override
  public synchronized void restart(Game header) {
    calls.add(new Call("restart", header.id(), header));
    games.put(header.id(), header);
  }

  @Override
  public synchronized void markStale(String gameId, boolean stale) {
    calls.add(new Call("markStale", gameId, stale));
    games.computeIfPresent(gameId, (id, game) -> game.withStale(stale));
  }

  @Override
  public Optional<Game> current(String gameId) {
    return Optional.ofNullable(games.get(gameId));
  }

  @Override
  public Collection<Game> games() {
    return List.copyOf(games.values());
  }

  /** Returns a copy of the calls so far, in call order. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Returns the calls of one method for one game, in call order. */
  synchronized List<Call> calls(String method, String gameId) {
    return calls.stream()
        .filter(call -> call.method().equals(method) && call.gameId().equals(gameId))
        .toList();
  }
}
