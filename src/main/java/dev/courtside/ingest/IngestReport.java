package dev.courtside.ingest;

import java.util.List;

/**
 * Outcome of {@link IngestGate#apply} for one batch.
 *
 * @param games ids of the games that an accepted header, snapshot or play touched, in order
 * @param rejections the records that were quarantined, or were rejected again with the reason
 *     already quarantined
 */
public record IngestReport(List<String> games, List<Rejection> rejections) {

  public IngestReport {
    games = List.copyOf(games);
    rejections = List.copyOf(rejections);
  }
}
