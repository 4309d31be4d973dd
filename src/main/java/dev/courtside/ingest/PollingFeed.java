package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polled feed: its list URL (a scoreboard) shows which games are live, and each live game's
 * detail URLs (play-by-play, box score, summary) are then polled at the faster detail
 * interval. A game's detail polling stops after one last poll once the list or the detail
 * shows it final, or once the list no longer shows it.
 *
 * <p>Detail payloads that carry a game's whole play list turn a play that disappears from the
 * list into a deletion, because providers such as the NBA liveData feed drop withdrawn plays
 * without a marker.
 */
public final class PollingFeed {

  /** Formats whose payload lists every play of the game, so a missing play was deleted. */
  private static final Set<String> COMPLETE_PLAY_LISTS = Set.of(NbaPlayByPlayAdapter.FORMAT,
      EspnSummaryAdapter.FORMAT, NbaGamePageAdapter.FORMAT, "data-nba-mobile-playbyplay",
      "stats-nba-playbyplay");

  private static final Logger log = LoggerFactory.getLogger(PollingFeed.class);

  private final FeedSpec spec;
  private final FeedScheduler scheduler;
  private final IngestGate gate;
  private final GameWriter writer;
  private final Map<String, List<String>> detailUrlsByGame = new LinkedHashMap<>();
  private final Set<String> finishing = new HashSet<>();
  private final Map<String, Map<Long, Play>> playsByUrl = new HashMap<>();

  /** Reason the last body could not be read, set by {@link #read}. */
  private String lastFailure;

  public PollingFeed(FeedSpec spec, FeedScheduler scheduler, IngestGate gate,
      GameWriter writer) {
    this.spec = spec;
    this.scheduler = scheduler;
    this.gate = gate;
    this.writer = writer;
  }

  public FeedSpec spec() {
    return spec;
  }

  /** Starts polling the list URL. */
  public synchronized void start() {
    scheduler.add(spec.id(), spec.url(), spec.interval(), this::acceptList);
    log.info("feed started feed={} url={} intervalMs={} details={} detailIntervalMs={}",
        spec.id(), Urls.redact(spec.url()), spec.interval().toMillis(), spec.detailUrls().size(),
        spec.detailInterval().toMillis());
  }

  /** Stops polling the list and every detail URL. */
  public synchronized void stop() {
    scheduler.remove(spec.url());
    for (String gameId : List.copyOf(detailUrlsByGame.keySet())) {
      removeDetails(gameId);
    }
    log.info("feed stopped feed={}", spec.id());
  }

  /** Returns the ids of the games whose details are polled now. */
  public synchronized Set<String> detailedGames() {
    return Set.copyOf(detailUrlsByGame.keySet());
  }

  private synchronized String acceptList(PollTarget target, byte[] body) {
    FeedBatch batch = read(target, body);
    if (batch == null) {
      return lastFailure;
    }
    gate.apply(spec.id(), Urls.redact(target.url()), batch, body);
    for (Game game : batch.snapshots()) {
      target.addGame(game.id());
    }
    if (!spec.detailUrls().isEmpty()) {
      scheduleDetails(batch);
    }
    return null;
  }

  /** Reads a body, or quarantines it and returns null with {@link #lastFailure} set. */
  private FeedBatch read(PollTarget target, byte[] body) {
    String source = Urls.redact(target.url());
    FeedBatch batch;
    try {
      batch = Adapters.read(source, body);
    } catch (FeedFormatException e) {
      gate.rejectPayload(spec.id(), source, e.getMessage(), body);
      lastFailure = e.getMessage();
      return null;
    }
    boolean isList = target.url().equals(spec.url());
    if (isList && spec.format() != null && !spec.format().equals(batch.format())) {
      lastFailure = "Unexpected format " + batch.format() + " from " + source + ": expected "
          + spec.format();
      gate.rejectPayload(spec.id(), source, lastFailure, body);
      return null;
    }
    return batch;
  }

  private void scheduleDetails(FeedBatch batch) {
    Set<String> listed = new HashSet<>();
    for (Game game : batch.snapshots()) {
      listed.add(game.id());
      if (game.status().inProgress()) {
        finishing.remove(game.id());
        addDetails(game.id());
      } else if (detailUrlsByGame.containsKey(game.id()) && finishing.add(game.id())) {
        // One more detail poll picks up the last plays and the final box score.
        detailUrlsByGame.get(game.id()).forEach(scheduler::pollSoon);
      }
    }
    for (String gameId : List.copyOf(detailUrlsByGame.keySet())) {
      if (!listed.contains(gameId)) {
        removeDetails(gameId);
      }
    }
  }

  private void addDetails(String gameId) {
    if (detailUrlsByGame.containsKey(gameId)) {
      return;
    }
    List<String> urls = spec.detailUrlsOf(gameId);
    detailUrlsByGame.put(gameId, new ArrayList<>(urls));
    for (String url : urls) {
      PollTarget target = scheduler.add(spec.id(), url, spec.detailInterval(),
          (polled, body) -> acceptDetail(gameId, polled, body));
      target.addGame(gameId);
    }
  }

  private void removeDetails(String gameId) {
    List<String> urls = detailUrlsByGame.remove(gameId);
    finishing.remove(gameId);
    if (urls == null) {
      return;
    }
    for (String url : urls) {
      scheduler.remove(url);
      playsByUrl.remove(url);
    }
  }

  private synchronized String acceptDetail(String gameId, PollTarget target, byte[] body) {
    FeedBatch batch = read(target, body);
    if (batch == null) {
      return lastFailure;
    }
    if (COMPLETE_PLAY_LISTS.contains(batch.format())) {
      batch = batch.withExtraPlays(deletions(target.url(), gameId, batch));
    }
    gate.apply(spec.id(), Urls.redact(target.url()), batch, body);
    boolean isFinal = writer.current(gameId).map(game -> game.status() == GameStatus.FINAL)
        .orElse(false);
    if (finishing.contains(gameId) || isFinal) {
      List<String> remaining = detailUrlsByGame.get(gameId);
      if (remaining != null) {
        remaining.remove(target.url());
        scheduler.remove(target.url());
        playsByUrl.remove(target.url());
        if (remaining.isEmpty()) {
          detailUrlsByGame.remove(gameId);
          finishing.remove(gameId);
        }
      }
    }
    return null;
  }

  /**
   * Returns deletions of the plays of {@code gameId} that the last payload of this URL had and
   * this one lacks. An empty play list deletes nothing, because a provider that briefly serves
   * an empty list has not withdrawn the whole game.
   */
  private List<Play> deletions(String url, String gameId, FeedBatch batch) {
    Map<Long, Play> current = new HashMap<>();
    for (Play play : batch.plays()) {
      if (play.gameId().equals(gameId)) {
        current.put(play.action(), play);
      }
    }
    Map<Long, Play> previous = playsByUrl.put(url, current);
    if (previous == null || current.isEmpty()) {
      return List.of();
    }
    List<Play> deleted = new ArrayList<>();
    for (Play play : previous.values()) {
      if (!play.deleted() && !current.containsKey(play.action())) {
        deleted.add(play.asDeleted());
        current.put(play.action(), play.asDeleted());
      }
    }
    return deleted;
  }
}
