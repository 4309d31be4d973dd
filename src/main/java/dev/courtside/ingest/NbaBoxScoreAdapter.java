package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** Adapter for the NBA liveData box score ({@code boxscore_{gameId}.json}): one snapshot. */
public final class NbaBoxScoreAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "nba-boxscore";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    JsonNode game = root.path("game");
    return game.path("gameId").isTextual() && game.path("homeTeam").isObject()
        && game.path("awayTeam").isObject() && game.has("gameStatus")
        && !game.has("actions");
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    JsonNode game = root.path("game");
    String gameId = game.path("gameId").asText();
    String record = "game " + gameId;
    try {
      batch.addSnapshot(NbaGameState.read(game, gameId, record));
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
    }
    return batch.build();
  }
}
