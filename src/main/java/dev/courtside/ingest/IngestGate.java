package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import dev.courtside.store.QuarantineStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint between feeds and the engine. Every header, snapshot and play of a batch is
 * checked by the {@link Validator} and against the game's current state, then applied to the
 * {@link GameWriter}, or quarantined with its reason while the rest of the batch goes on.
 *
 * <p>Checks against the current state:
 *
 * <ul>
 *   <li>the teams of a known game do not change;
 *   <li>a play names no team other than the game's two;
 *   <li>a score goes down only as a correction: the batch flags the game, or a play of the
 *       game was edited or deleted in this batch or in the last {@link #CORRECTION_WINDOW}.
 * </ul>
 *
 * <p>Plays already applied unchanged are skipped, so a feed may send its whole play list on
 * every poll. A rejected record is logged at WARN, stored in the quarantine and counted per
 * feed. The same record rejected again for the same reason is only counted, so a provider that
 * repeats a bad value on every poll does not flood the log or the quarantine.
 *
 * <p>Thread-safe: batches are applied one at a time.
 */
public final class IngestGate {

  /** Time a play edit or deletion allows a lower score in the game's next snapshots. */
  public static final Duration CORRECTION_WINDOW = Duration.ofMinutes(10);

  /** Records whose last rejection reason is remembered, to log each once. */
  private static final int REMEMBERED_REJECTIONS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(IngestGate.class);

  private final GameWriter writer;
  private final QuarantineStore quarantine;
  private final Clock clock;
  private final Map<String, AtomicLong> rejectedByFeed = new ConcurrentHashMap<>();
  // Limitation: the plays of every game seen since start stay in memory, as in the engine.
  private final Map<String, Map<Long, Play>> knownPlays = new HashMap<>();
  private final Map<String, Instant> correctionsSince = new HashMap<>();
  private final Map<String, String> lastReasons = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED_REJECTIONS;
    }
  };

  public IngestGate(GameWriter writer, QuarantineStore quarantine, Clock clock) {
    this.writer = writer;
    this.quarantine = quarantine;
    this.clock = clock;
  }

  /**
   * Checks and applies one batch.
   *
   * @param feed id of the feed, such as {@code nba-live}
   * @param source URL (without credentials), file or channel of the payload
   * @param raw the payload as received, for the excerpt of adapter rejections
   */
  public synchronized IngestReport apply(String feed, String source, FeedBatch batch,
      byte[] raw) {
    Set<String> games = new LinkedHashSet<>();
    List<Rejection> rejections = new ArrayList<>();
    String payloadExcerpt = excerpt(raw);
    for (Rejection rejection : batch.rejections()) {
      reject(feed, rejection, payloadExcerpt, rejections);
    }
    Set<String> corrected = correctedGames(batch);

    for (Game header : batch.headers()) {
      Game current = writer.current(header.id()).orElse(null);
      String reason = checkGame(header, current);
      if (reason != null) {
        reject(feed, new Rejection(source, "game " + header.id(), reason),
            Json.write(GameJson.write(header)), rejections);
        continue;
      }
      accepted(feed, "game " + header.id());
      // A header only creates a game. Applied to a known game it would replace the full team
      // names a scoreboard gave with the tricodes a play-by-play header carries.
      if (current == null) {
        writer.applyHeader(header);
      }
      games.add(header.id());
    }
    for (Game snapshot : batch.snapshots()) {
      if (applySnapshot(feed, source, snapshot, corrected, rejections)) {
        games.add(snapshot.id());
      }
    }
    Map<String, List<Play>> playsByGame = new LinkedHashMap<>();
    for (Play play : batch.plays()) {
      playsByGame.computeIfAbsent(play.gameId(), id -> new ArrayList<>()).add(play);
    }
    playsByGame.forEach((gameId, plays) -> {
      if (applyPlays(feed, source, gameId, plays, corrected, rejections)) {
        games.add(gameId);
      }
    });
    return new IngestReport(List.copyOf(games), rejections);
  }

  /**
   * Quarantines a payload that could not be read at all (not JSON, an HTML error page, an
   * unknown format), with the same once-per-reason logging as rejected records.
   */
  public synchronized void rejectPayload(String feed, String source, String reason,
      byte[] raw) {
    reject(feed, new Rejection(source, "payload", reason), excerpt(raw), new ArrayList<>());
  }

  /** Returns the number of records rejected from one feed since start. */
  public long rejectedCount(String feed) {
    AtomicLong count = rejectedByFeed.get(feed);
    return count == null ? 0 : count.get();
  }

  /** Returns the rejected-record count of every feed that had a rejection. */
  public Map<String, Long> rejectedCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    rejectedByFeed.forEach((feed, count) -> counts.put(feed, count.get()));
    return Collections.unmodifiableMap(counts);
  }

  private boolean applySnapshot(String feed, String source, Game snapshot,
      Set<String> corrected, List<Rejection> rejections) {
    Game current = writer.current(snapshot.id()).orElse(null);
    String reason = checkGame(snapshot, current);
    if (reason == null && current != null) {
      reason = checkScoreDown(snapshot, current, corrected.contains(snapshot.id()));
    }
    if (reason != null) {
      reject(feed, new Rejection(source, "game " + snapshot.id(), reason),
          Json.write(GameJson.write(snapshot)), rejections);
      return false;
    }
    if (current != null && lowers(snapshot, current)) {
      correctionsSince.remove(snapshot.id());
    }
    accepted(feed, "game " + snapshot.id());
    writer.applySnapshot(snapshot);
    return true;
  }

  /**
   * Applies the plays of one game that changed since the gate last saw them. When the gate has
   * seen no play of the game yet, as when a feed first reads a game under way, the plays go newest
   * first: the newest sets score, period and clock once, and the older ones only fill the
   * history, so clients do not see the score count up from 0-0 again.
   */
  private boolean applyPlays(String feed, String source, String gameId, List<Play> plays,
      Set<String> corrected, List<Rejection> rejections) {
    Map<Long, Play> known = knownPlays.computeIfAbsent(gameId, id -> new HashMap<>());
    List<Play> changed = new ArrayList<>();
    for (Play play : plays) {
      Play previous = known.get(play.action());
      boolean unknownDeletion = play.deleted() && (previous == null || previous.deleted());
      if (!play.equals(previous) && !unknownDeletion) {
        changed.add(play);
      }
    }
    if (known.isEmpty() && changed.size() > 1) {
      Collections.reverse(changed);
    }
    boolean any = false;
    for (Play play : changed) {
      String record = "action " + play.action() + " of game " + gameId;
      String reason = checkPlay(play, known, corrected.contains(gameId));
      if (reason != null) {
        reject(feed, new Rejection(source, record, reason), Json.write(GameJson.write(play)),
            rejections);
        continue;
      }
      accepted(feed, record);
      writer.applyPlay(play);
      known.put(play.action(), play);
      any = true;
    }
    return any;
  }

  private String checkGame(Game game, Game current) {
    Optional<String> invalid = Validator.check(game);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (current == null) {
      return null;
    }
    String record = "game " + game.id();
    String knownHome = current.home().team().id();
    String knownAway = current.away().team().id();
    if (!game.home().team().id().equals(knownHome)) {
      return "Invalid home team " + game.home().team().id() + " in " + record + ": expected "
          + knownHome + ", the home team this game already has";
    }
    if (!game.away().team().id().equals(knownAway)) {
      return "Invalid away team " + game.away().team().id() + " in " + record + ": expected "
          + knownAway + ", the away team this game already has";
    }
    return null;
  }

  private String checkScoreDown(Game snapshot, Game current, boolean flagged) {
    if (!lowers(snapshot, current) || flagged) {
      return null;
    }
    return "Invalid score " + snapshot.home().score() + "-" + snapshot.away().score()
        + " (home-away) in game " + snapshot.id() + ": lower than the current "
        + current.home().score() + "-" + current.away().score()
        + ", expected a score that does not go down unless the record is flagged as a"
        + " correction or a play was edited or deleted";
  }

  private String checkPlay(Play play, Map<Long, Play> known, boolean flagged) {
    Game game = writer.current(play.gameId()).orElse(null);
    String record = "action " + play.action() + " of game " + play.gameId();
    if (game == null) {
      return "Unknown game " + play.gameId() + " for " + record
          + ": expected a header or snapshot of the game before its plays";
    }
    Optional<String> invalid = Validator.check(play, game.league());
    if (invalid.isPresent()) {
      return invalid.get();
    }
    String home = game.home().team().id();
    String away = game.away().team().id();
    if (play.teamId() != null && !play.teamId().equals(home) && !play.teamId().equals(away)) {
      return "Invalid team " + play.teamId() + " in " + record + ": expected home team "
          + home + " or away team " + away;
    }
    Play last = latest(known);
    boolean newest = last == null || play.order() > last.order();
    boolean edit = known.containsKey(play.action());
    if (newest && !edit && !flagged && !play.deleted() && last != null
        && (play.scoreHome() < last.scoreHome() || play.scoreAway() < last.scoreAway())) {
      return "Invalid score " + play.scoreHome() + "-" + play.scoreAway() + " (home-away) in "
          + record + ": lower than " + last.scoreHome() + "-" + last.scoreAway()
          + " after the previous play " + last.action()
          + ", expected a score that does not go down unless the play edits an earlier one";
    }
    return null;
  }

  /** Returns the known play with the highest order that was not deleted, or null. */
  private static Play latest(Map<Long, Play> known) {
    Play latest = null;
    for (Play play : known.values()) {
      if (!play.deleted() && (latest == null || play.order() > latest.order())) {
        latest = play;
      }
    }
    return latest;
  }

  private static boolean lowers(Game next, Game current) {
    return next.home().score() < current.home().score()
        || next.away().score() < current.away().score();
  }

  /**
   * Returns the games whose scores may go down in this batch: flagged by the provider, or with
   * a play edited or deleted now or within the correction window.
   */
  private Set<String> correctedGames(FeedBatch batch) {
    Instant now = clock.instant();
    for (Play play : batch.plays()) {
      Play previous = knownPlays.getOrDefault(play.gameId(), Map.of()).get(play.action());
      if (previous != null && !previous.equals(play)) {
        correctionsSince.put(play.gameId(), now);
      }
    }
    correctionsSince.values().removeIf(since -> since.plus(CORRECTION_WINDOW).isBefore(now));
    Set<String> corrected = new LinkedHashSet<>(batch.corrections());
    corrected.addAll(correctionsSince.keySet());
    return corrected;
  }

  private void reject(String feed, Rejection rejection, String excerpt,
      List<Rejection> rejections) {
    rejections.add(rejection);
    rejectedByFeed.computeIfAbsent(feed, id -> new AtomicLong()).incrementAndGet();
    String key = feed + "|" + rejection.record();
    if (rejection.reason().equals(lastReasons.put(key, rejection.reason()))) {
      return;
    }
    log.warn("record quarantined feed={} source={} record={} reason={}", feed,
        rejection.source(), rejection.record(), rejection.reason());
    quarantine.add(new QuarantineStore.Entry(feed, rejection.source(), rejection.record(),
        rejection.reason(), excerpt, clock.instant()));
  }

  private void accepted(String feed, String record) {
    if (!lastReasons.isEmpty()) {
      lastReasons.remove(feed + "|" + record);
    }
  }

  private static String excerpt(byte[] raw) {
    if (raw == null) {
      return "";
    }
    int length = Math.min(raw.length, QuarantineStore.Entry.MAX_EXCERPT * 2);
    return new String(raw, 0, length, StandardCharsets.UTF_8);
  }
}
