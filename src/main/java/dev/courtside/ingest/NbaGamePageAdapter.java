package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adapter for the {@code __NEXT_DATA__} JSON of an nba.com game page
 * ({@code https://www.nba.com/game/{slug}-{gameId}}): one snapshot from
 * {@code props.pageProps.game} and the plays of {@code props.pageProps.playByPlay.actions}.
 *
 * <p>The actions have the stats "playbyplay v3" shape, with empty
 * strings for absent values and scores only on scoring plays, period markers and some replay
 * reviews. They carry no wall-clock time, so their {@link dev.courtside.model.Play#time()} is
 * null.
 */
public final class NbaGamePageAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "nba-gamepage";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path("props").path("pageProps").path("game").path("gameId").isTextual();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    JsonNode pageProps = root.path("props").path("pageProps");
    JsonNode game = pageProps.path("game");
    String gameId = game.path("gameId").asText();
    String record = "game " + gameId;
    try {
      batch.addSnapshot(NbaGameState.read(game, gameId, record));
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
    }

    JsonNode actions = pageProps.path("playByPlay").path("actions");
    if (actions.isArray()) {
      // actionNumber repeats (a block shares the number of the missed shot it stopped), so
      // actionId, which is unique and ascending, numbers and orders the plays.
      NbaActions.read(actions, gameId, "actionId", "actionId", batch, new SideInference());
      NbaActions.addGameEndIfImplied(batch);
    }
    return batch.build();
  }
}
