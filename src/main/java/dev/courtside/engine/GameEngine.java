package dev.courtside.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.store.GameStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The game engine: the single writer of every game's state.
 *
 * <p>Each game is changed under its own lock, one call at a time. A change produces the new
 * state, which goes to the store, and merge patches, which {@link ChannelLog} numbers and
 * publishes on the channels the game belongs to: {@code games}, {@code league:{id}} and
 * {@code game:{id}}.
 */
public final class GameEngine implements GameWriter {

  /** Channel of every game's summary. */
  public static final String GAMES = "games";

  /** Plays kept in the state of a {@code game:{id}} channel; older ones come from history. */
  public static final int RECENT_PLAYS = 20;

  private static final Logger log = LoggerFactory.getLogger(GameEngine.class);

  private final ChannelLog channels;
  private final GameStore store;
  private final ConcurrentHashMap<String, GameRecord> records = new ConcurrentHashMap<>();

  /** True from a store write rejected by a full queue to the next accepted one. */
  private final AtomicBoolean storeRejecting = new AtomicBoolean();

  /** Store writes rejected since start because the store's queue was full or it was closed. */
  private final AtomicLong storeRejected = new AtomicLong();

  /**
   * Creates an engine.
   *
   * @param channels where changes are published
   * @param store where every new state and play is written, off the caller's thread
   */
  public GameEngine(ChannelLog channels, GameStore store) {
    this.channels = channels;
    this.store = store;
    channels.channel(GAMES);
  }

  /** Returns the channel name of one game. */
  public static String gameChannel(String gameId) {
    return "game:" + gameId;
  }

  /** Returns the channel name of one league. */
  public static String leagueChannel(String league) {
    return "league:" + league;
  }

  /**
   * Loads the games and plays kept by the store, so a restarted server serves the last state
   * of every game. Call once, before any feed starts.
   */
  public void recover() {
    for (Game game : store.loadGames()) {
      GameRecord record = new GameRecord(game);
      store.loadPlays(game.id(), null, Integer.MAX_VALUE).forEach(record::put);
      records.put(game.id(), record);
      publishCreated(record);
    }
  }

  @Override
  public void applyHeader(Game header) {
    GameRecord record = records.get(header.id());
    if (record == null) {
      record = records.computeIfAbsent(header.id(), id -> new GameRecord(header.withSeq(1)));
      synchronized (record) {
        if (!record.announced) {
          Game created = record.game;
          persist(() -> store.saveGame(created), created.id());
          publishCreated(record);
          return;
        }
      }
    }
    synchronized (record) {
      Game old = record.game;
      Game updated = new Game(old.id(), header.league(), header.start() != null
              ? header.start() : old.start(),
          old.home().withTeam(header.home().team()), old.away().withTeam(header.away().team()),
          old.status(), old.period(), header.regulationPeriods(), old.clock(), old.lastPlay(),
          old.stale(), old.seq());
      commit(record, updated, List.of());
    }
  }

  @Override
  public void applySnapshot(Game snapshot) {
    GameRecord record = recordFor(snapshot);
    synchronized (record) {
      Game old = record.game;
      Game updated = snapshot.withLastPlay(
              snapshot.lastPlay() != null ? snapshot.lastPlay() : old.lastPlay())
          .withStale(false)
          .withSeq(old.seq());
      commit(record, updated, List.of());
    }
  }

  @Override
  public void applyPlay(Play play) {
    GameRecord record = records.get(play.gameId());
    if (record == null) {
      log.warn("play for unknown game skipped game={} action={}", play.gameId(), play.action());
      return;
    }
    synchronized (record) {
      Play previous = record.put(play);
      Game old = record.game;
      Game updated = old;
      if (play.deleted()) {
        updated = old.withLastPlay(record.latest());
      } else if (record.isLatest(play)) {
        updated = advance(old, play);
      } else if (old.lastPlay() != null && old.lastPlay().action() == play.action()) {
        updated = old.withLastPlay(play);
      }
      if (!play.equals(previous)) {
        persist(() -> store.savePlay(play), play.gameId());
      }
      commit(record, updated, List.of(play));
    }
  }

  @Override
  public void restart(Game header) {
    GameRecord record = recordFor(header);
    synchronized (record) {
      List<Play> removed = new ArrayList<>(record.recent());
      record.clearPlays();
      persist(() -> store.deletePlays(header.id()), header.id());
      Game fresh = Game.scheduled(header.id(), header.league(), header.start(),
          header.home().team(), header.away().team(), header.regulationPeriods())
          .withSeq(record.game.seq());
      commit(record, fresh, removed.stream().map(Play::asDeleted).toList());
    }
  }

  @Override
  public void markStale(String gameId, boolean stale) {
    GameRecord record = records.get(gameId);
    if (record == null) {
      return;
    }
    synchronized (record) {
      commit(record, record.game.withStale(stale), List.of());
    }
  }

  @Override
  public Optional<Game> current(String gameId) {
    GameRecord record = records.get(gameId);
    if (record == null) {
      return Optional.empty();
    }
    synchronized (record) {
      return Optional.of(record.game);
    }
  }

  @Override
  public Collection<Game> games() {
    List<Game> all = new ArrayList<>(records.size());
    for (GameRecord record : records.values()) {
      synchronized (record) {
        all.add(record.game);
      }
    }
    all.sort(Comparator.comparing(Game::start, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Game::id));
    return all;
  }

  /**
   * Returns a page of a game's plays, newest first.
   *
   * @param beforeOrder only plays with an order below this, or null for the newest
   * @param limit most plays returned
   */
  public List<Play> plays(String gameId, Long beforeOrder, int limit) {
    GameRecord record = records.get(gameId);
    if (record == null) {
      return List.of();
    }
    synchronized (record) {
      return record.page(beforeOrder, limit);
    }
  }

  private GameRecord recordFor(Game game) {
    GameRecord record = records.get(game.id());
    if (record != null) {
      return record;
    }
    applyHeader(game);
    return records.get(game.id());
  }

  /** Moves the game to the newest play's score, period, clock and status. */
  private static Game advance(Game game, Play play) {
    Side home = game.home().withScoreInPeriod(play.scoreHome(), play.period());
    Side away = game.away().withScoreInPeriod(play.scoreAway(), play.period());
    GameStatus status = statusAfter(game, play);
    return game.withSides(home, away)
        .withPeriodAndClock(play.period(), play.clock())
        .withStatus(status)
        .withLastPlay(play);
  }

  private static GameStatus statusAfter(Game game, Play play) {
    switch (play.type()) {
      case Play.GAME_END:
        return GameStatus.FINAL;
      case Play.PERIOD_END:
        boolean halfway = game.regulationPeriods() >= 2
            && play.period() == game.regulationPeriods() / 2;
        return halfway ? GameStatus.HALFTIME : GameStatus.LIVE;
      case Play.PERIOD_START:
        return GameStatus.LIVE;
      default:
        return game.status() == GameStatus.FINAL ? GameStatus.FINAL : GameStatus.LIVE;
    }
  }

  /**
   * Writes a new state and publishes what changed. {@code plays} are the plays this change
   * added, replaced or deleted.
   */
  private void commit(GameRecord record, Game updated, List<Play> plays) {
    ObjectNode before = record.json;
    ObjectNode after = GameJson.write(updated.withSeq(record.game.seq()));
    ObjectNode gamePatch = MergePatch.diff(before, after);
    ObjectNode playsPatch = playsPatch(record, plays);
    if (gamePatch.isEmpty() && playsPatch.isEmpty()) {
      return;
    }
    Game next = updated.withSeq(record.game.seq() + 1);
    gamePatch.put("seq", next.seq());
    after.put("seq", next.seq());
    record.game = next;
    record.json = after;
    persist(() -> store.saveGame(next), next.id());

    ObjectNode detail = Json.object();
    if (!gamePatch.isEmpty()) {
      detail.set("game", gamePatch);
    }
    if (!playsPatch.isEmpty()) {
      detail.set("plays", playsPatch);
    }
    channels.publish(gameChannel(next.id()), detail);
    ObjectNode summary = Json.object();
    summary.set(next.id(), gamePatch);
    channels.publish(GAMES, summary);
    channels.publish(leagueChannel(next.league()), summary.deepCopy());
  }

  /** Returns the patch of the {@code plays} member: changed plays, and plays that left it. */
  private static ObjectNode playsPatch(GameRecord record, List<Play> changed) {
    ObjectNode patch = Json.object();
    List<Play> recent = record.recent();
    for (Play play : changed) {
      String key = Long.toString(play.action());
      if (play.deleted() || !recent.contains(play)) {
        if (record.shown.remove(play.action())) {
          patch.putNull(key);
        }
      } else {
        patch.set(key, GameJson.write(play));
        record.shown.add(play.action());
      }
    }
    List<Long> keep = recent.stream().map(Play::action).toList();
    for (Long action : List.copyOf(record.shown)) {
      if (!keep.contains(action)) {
        record.shown.remove(action);
        patch.putNull(Long.toString(action));
      }
    }
    return patch;
  }

  /**
   * Runs one store write. A write the store rejects (its queue is full or it is closed) is
   * counted and skipped, so that clients still get the change. Only the first rejection of a
   * streak is logged, at WARN; the state stays in memory and the next write of the same game
   * stores it whole.
   */
  private void persist(Runnable write, String gameId) {
    try {
      write.run();
      if (storeRejecting.get() && storeRejecting.compareAndSet(true, false)) {
        log.warn("store accepts writes again game={} rejectedSoFar={}", gameId,
            storeRejected.get());
      }
    } catch (IllegalStateException e) {
      storeRejected.incrementAndGet();
      if (storeRejecting.compareAndSet(false, true)) {
        log.warn("store write rejected, delivering without storing game={} reason={}", gameId,
            e.getMessage());
      }
    }
  }

  /** Returns the number of store writes rejected since start. */
  public long storeRejected() {
    return storeRejected.get();
  }

  private void publishCreated(GameRecord record) {
    record.announced = true;
    record.json = GameJson.write(record.game);
    ObjectNode plays = Json.object();
    for (Play play : record.recent()) {
      plays.set(Long.toString(play.action()), GameJson.write(play));
      record.shown.add(play.action());
    }
    ObjectNode detail = Json.object();
    detail.set("game", record.json.deepCopy());
    detail.set("plays", plays);
    channels.publish(gameChannel(record.game.id()), detail);
    ObjectNode summary = Json.object();
    summary.set(record.game.id(), record.json.deepCopy());
    channels.publish(GAMES, summary);
    channels.publish(leagueChannel(record.game.league()), summary.deepCopy());
  }
}
