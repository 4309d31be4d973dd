package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Game;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Team;

/**
 * Adapter for the NBA liveData play-by-play ({@code playbyplay_{gameId}.json}): the plays of
 * {@code game.actions} and one header game whose teams are inferred from the scoring plays.
 *
 * <p>The payload names no team names and no start time, so the header's teams carry the
 * tricode as name and short name, and its start is null.
 */
public final class NbaPlayByPlayAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "nba-playbyplay";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    JsonNode game = root.path("game");
    return game.path("actions").isArray() && game.path("gameId").isTextual();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    String gameId = root.path("game").path("gameId").asText();
    SideInference sides = new SideInference();
    NbaActions.read(root.path("game").path("actions"), gameId, "actionNumber", "orderNumber",
        batch, sides);

    String homeId = sides.homeId();
    String awayId = sides.awayId();
    if (homeId == null || awayId == null) {
      batch.reject("game " + gameId, "Missing teams in game " + gameId
          + ": expected scoring plays that name the home and the away team");
      return batch.build();
    }
    Team home = tricodeTeam(homeId, sides.tricode(homeId));
    Team away = tricodeTeam(awayId, sides.tricode(awayId));
    batch.addHeader(Game.scheduled(gameId, NbaActions.LEAGUE, null, home, away,
        LeagueRules.NBA.regulationPeriods()));
    return batch.build();
  }

  /** Returns a team known only by id and tricode, with the tricode as its name. */
  static Team tricodeTeam(String id, String tricode) {
    return new Team(NbaActions.LEAGUE, id, tricode, tricode, "");
  }
}
