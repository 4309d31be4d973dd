package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adapter for the NBA liveData scoreboard ({@code todaysScoreboard_00.json}): one snapshot per
 * game of {@code scoreboard.games}.
 */
public final class NbaScoreboardAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "nba-scoreboard";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path("scoreboard").path("games").isArray();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    int index = 0;
    for (JsonNode game : root.path("scoreboard").path("games")) {
      String gameId = ProviderValues.text(game.get("gameId"));
      String record = gameId == null ? "game at index " + index : "game " + gameId;
      index++;
      if (gameId == null) {
        batch.reject(record, "Missing gameId in " + record + ": expected a provider game id");
        continue;
      }
      try {
        batch.addSnapshot(NbaGameState.read(game, gameId, record));
      } catch (InvalidRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    return batch.build();
  }
}
