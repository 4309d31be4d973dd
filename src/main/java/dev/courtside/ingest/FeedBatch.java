package dev.courtside.ingest;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.List;
import java.util.Set;

/**
 * What an adapter read from one payload.
 *
 * @param format the adapter's format name
 * @param snapshots authoritative game states (box scores, scoreboards); the engine replaces
 *     its state of each game with them
 * @param headers game identities only (teams, league, start) from payloads that carry no
 *     authoritative state, such as play-by-play; the engine uses them to create a game or to
 *     fill in team names, never to change a score or status
 * @param plays plays in provider order ({@code order} ascending)
 * @param rejections records that could not be read, with the reason
 * @param corrections ids of the games whose records the provider flagged as corrections, so
 *     that their scores may go down
 */
public record FeedBatch(String format, List<Game> snapshots, List<Game> headers,
    List<Play> plays, List<Rejection> rejections, Set<String> corrections) {

  public FeedBatch {
    snapshots = List.copyOf(snapshots);
    headers = List.copyOf(headers);
    plays = List.copyOf(plays);
    rejections = List.copyOf(rejections);
    corrections = Set.copyOf(corrections);
  }

  /** Creates a batch in which no record is flagged as a correction. */
  public FeedBatch(String format, List<Game> snapshots, List<Game> headers, List<Play> plays,
      List<Rejection> rejections) {
    this(format, snapshots, headers, plays, rejections, Set.of());
  }

  /** Returns this batch with more plays after its own, such as deletions found by a feed. */
  public FeedBatch withExtraPlays(List<Play> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<Play> all = new java.util.ArrayList<>(plays);
    all.addAll(extra);
    return new FeedBatch(format, snapshots, headers, all, rejections, corrections);
  }
}
