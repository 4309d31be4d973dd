package dev.courtside.ingest;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collector of the games and plays an adapter reads from one payload. It runs each of them
 * through the {@link Validator}, so that a rejected record lands in the rejections and not in
 * the batch.
 */
final class FeedBatchBuilder {

  private final String format;
  private final String source;
  private final List<Game> snapshots = new ArrayList<>();
  private final List<Game> headers = new ArrayList<>();
  private final List<Play> plays = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();

  FeedBatchBuilder(String format, String source) {
    this.format = format;
    this.source = source;
  }

  /** Adds a snapshot and returns true, or adds a rejection and returns false. */
  boolean addSnapshot(Game snapshot) {
    return add(snapshot, snapshots);
  }

  /** Adds a header and returns true, or adds a rejection and returns false. */
  boolean addHeader(Game header) {
    return add(header, headers);
  }

  /** Adds a play and returns true, or adds a rejection and returns false. */
  boolean addPlay(Play play, String league) {
    Optional<String> reason = Validator.check(play, league);
    if (reason.isPresent()) {
      reject("action " + play.action() + " of game " + play.gameId(), reason.get());
      return false;
    }
    plays.add(play);
    return true;
  }

  void reject(String record, String reason) {
    rejections.add(new Rejection(source, record, reason));
  }

  List<Play> plays() {
    return plays;
  }

  FeedBatch build() {
    return new FeedBatch(format, snapshots, headers, plays, rejections);
  }

  private boolean add(Game game, List<Game> target) {
    Optional<String> reason = Validator.check(game);
    if (reason.isPresent()) {
      reject("game " + game.id(), reason.get());
      return false;
    }
    target.add(game);
    return true;
  }
}
