package dev.courtside.ingest;

import dev.courtside.model.Game;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan of a replay, worked out before it starts: the recordings read and validated, each
 * game's header, snapshots and plays, and one timeline of plays for all games.
 *
 * <p>Every record is checked by the {@link Validator}. A rejected record, an unreadable file
 * and a file of unknown format are each logged once at WARN and left out.
 */
final class ReplayPlan {

  /** Maximum gap of feed time between two plays. Longer gaps (halftime) are cut to it. */
  static final Duration MAX_GAP = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ReplayPlan.class);

  /**
   * One game of the replay.
   *
   * @param header the game before its first play, for {@code applyHeader} and
   *     {@code restart}, or null for a game that has only snapshots
   * @param snapshots snapshots applied once at the start, for games without plays
   * @param plays the plays in order
   */
  record GamePlan(String gameId, Game header, List<Game> snapshots, List<Play> plays) {}

  /**
   * One play on the shared timeline.
   *
   * @param offset feed time since all games started, with long gaps cut to {@link #MAX_GAP}
   */
  record TimedPlay(Duration offset, Play play) {}

  private final List<String> recordingNames;
  private final List<GamePlan> games;
  private final List<TimedPlay> timeline;

  private ReplayPlan(List<String> recordingNames, List<GamePlan> games,
      List<TimedPlay> timeline) {
    this.recordingNames = recordingNames;
    this.games = games;
    this.timeline = timeline;
  }

  List<String> recordingNames() {
    return recordingNames;
  }

  List<GamePlan> games() {
    return games;
  }

  /** Returns the plays of all games, ordered by offset, then by game, then by play order. */
  List<TimedPlay> timeline() {
    return timeline;
  }

  /** Reads, validates and groups the recordings by game. */
  static ReplayPlan build(List<Recording> recordings) {
    Map<String, GameMaterial> byGame = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Recording recording : recordings) {
      names.add(recording.name());
      FeedBatch batch;
      try {
        batch = Adapters.read(recording.name(), recording.payload());
      } catch (FeedFormatException e) {
        LOG.warn("replay file skipped file={} reason={}", recording.name(), e.getMessage());
        continue;
      }
      collect(recording.name(), batch, byGame);
    }

    List<GamePlan> games = new ArrayList<>();
    for (GameMaterial material : byGame.values()) {
      GamePlan plan = material.toPlan();
      if (plan != null) {
        games.add(plan);
      }
    }
    return new ReplayPlan(List.copyOf(names), List.copyOf(games), buildTimeline(games));
  }

  private static void collect(String file, FeedBatch batch, Map<String, GameMaterial> byGame) {
    for (Rejection rejection : batch.rejections()) {
      warnSkipped(file, rejection.record(), rejection.reason());
    }
    for (Game snapshot : batch.snapshots()) {
      if (accept(file, snapshot)) {
        material(byGame, snapshot.id()).snapshots.add(snapshot);
      }
    }
    for (Game header : batch.headers()) {
      if (accept(file, header)) {
        material(byGame, header.id()).headers.add(header);
      }
    }
    Map<String, List<Play>> playsByGame = new LinkedHashMap<>();
    for (Play play : batch.plays()) {
      GameMaterial material = material(byGame, play.gameId());
      Optional<String> reason = Validator.check(play, material.league());
      if (reason.isPresent()) {
        warnSkipped(file, "action " + play.action() + " of game " + play.gameId(), reason.get());
        continue;
      }
      playsByGame.computeIfAbsent(play.gameId(), id -> new ArrayList<>()).add(play);
    }
    playsByGame.forEach((gameId, plays) -> material(byGame, gameId).addPlays(file, plays));
  }

  private static boolean accept(String file, Game game) {
    Optional<String> reason = Validator.check(game);
    reason.ifPresent(text -> warnSkipped(file, "game " + game.id(), text));
    return reason.isEmpty();
  }

  private static void warnSkipped(String file, String record, String reason) {
    LOG.warn("replay record skipped file={} record={} reason={}", file, record, reason);
  }

  private static GameMaterial material(Map<String, GameMaterial> byGame, String gameId) {
    return byGame.computeIfAbsent(gameId, GameMaterial::new);
  }

  /** Merges the games' plays into one timeline on which all games start at offset zero. */
  private static List<TimedPlay> buildTimeline(List<GamePlan> games) {
    List<TimedPlay> timeline = new ArrayList<>();
    for (GamePlan game : games) {
      if (game.header() != null) {
        timeline.addAll(offsets(game.plays(), LeagueRules.of(game.header().league())));
      }
    }
    // The sort is stable, so plays at the same offset keep their game and play order.
    timeline.sort(Comparator.comparing(TimedPlay::offset));
    return List.copyOf(timeline);
  }

  /**
   * Returns each play's offset from the game's first play. The offset follows the plays'
   * wall-clock times when every play has one. Otherwise it follows the game clock: the time
   * played since the start of the game.
   */
  static List<TimedPlay> offsets(List<Play> plays, LeagueRules rules) {
    boolean wallClock = plays.stream().allMatch(play -> play.time() != null);
    List<TimedPlay> timed = new ArrayList<>();
    Duration offset = Duration.ZERO;
    Duration previous = null;
    for (Play play : plays) {
      Duration position = wallClock ? Duration.ofMillis(play.time().toEpochMilli())
          : gameTimePlayed(play, rules, previous);
      if (previous != null) {
        Duration gap = position.minus(previous);
        if (gap.isNegative()) {
          gap = Duration.ZERO;
        }
        offset = offset.plus(gap.compareTo(MAX_GAP) > 0 ? MAX_GAP : gap);
      }
      if (previous == null || position.compareTo(previous) > 0) {
        previous = position;
      }
      timed.add(new TimedPlay(offset, play));
    }
    return timed;
  }

  private static Duration gameTimePlayed(Play play, LeagueRules rules, Duration previous) {
    Duration before = Duration.ZERO;
    for (int period = 1; period < play.period(); period++) {
      Duration length = rules.lengthOf(period);
      before = before.plus(length == null ? Duration.ZERO : length);
    }
    Duration length = rules.lengthOf(play.period());
    if (play.clock() == null || length == null) {
      return previous == null ? before : previous;
    }
    return before.plus(length.minus(play.clock()));
  }

  /** The snapshots, headers and plays that the recordings contain for one game. */
  private static final class GameMaterial {

    private final String gameId;
    private final List<Game> snapshots = new ArrayList<>();
    private final List<Game> headers = new ArrayList<>();
    private List<Play> plays = List.of();
    private String playsFile;

    GameMaterial(String gameId) {
      this.gameId = gameId;
    }

    String league() {
      if (!snapshots.isEmpty()) {
        return snapshots.get(0).league();
      }
      return headers.isEmpty() ? "nba" : headers.get(0).league();
    }

    void addPlays(String file, List<Play> newPlays) {
      if (playsFile != null) {
        LOG.warn("replay plays skipped file={} game={} reason=plays of this game already come"
            + " from {}", file, gameId, playsFile);
        return;
      }
      plays = List.copyOf(newPlays);
      playsFile = file;
    }

    /**
     * Returns the plan of this game. With plays, a snapshot of the same game (box score,
     * summary header, game page) serves only as the header, so that the final state comes from
     * the plays. Returns null, after a WARN, when plays have no header to create their game.
     */
    GamePlan toPlan() {
      if (plays.isEmpty()) {
        return new GamePlan(gameId, null, List.copyOf(snapshots), List.of());
      }
      Game source = !snapshots.isEmpty() ? snapshots.get(0)
          : headers.isEmpty() ? null : headers.get(0);
      if (source == null) {
        LOG.warn("replay game skipped file={} game={} reason=no header or snapshot names its"
            + " teams", playsFile, gameId);
        return null;
      }
      Instant start = source.start();
      Game header = Game.scheduled(gameId, source.league(), start, source.home().team(),
          source.away().team(), source.regulationPeriods());
      return new GamePlan(gameId, header, List.of(), plays);
    }
  }
}
