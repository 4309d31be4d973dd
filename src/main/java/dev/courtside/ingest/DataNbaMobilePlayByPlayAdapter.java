package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Game;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import dev.courtside.model.Team;
import java.time.Duration;

/**
 * Adapter for the data.nba.com "mobile_teams" full play-by-play
 * ({@code {"g": {"gid", "gcode", "pd": [{"p", "pla": [...]}]}}}): the plays and one header
 * game.
 *
 * <p>Events are kept in feed order, because their numbers ({@code evt}) skip values. The feed
 * carries no wall-clock time per event, so {@link Play#time()} is null. The header's teams are
 * inferred from the scoring events ({@code tid} with {@code hs}/{@code vs}), and their
 * tricodes come from the game code ({@code 20161130/WASOKC}: away, then home).
 */
public final class DataNbaMobilePlayByPlayAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "data-nba-mobile-playbyplay";

  private static final String LEAGUE = "nba";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    JsonNode game = root.path("g");
    return game.path("pd").isArray() && game.path("gid").isTextual();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    JsonNode game = root.path("g");
    String gameId = game.path("gid").asText();
    SideInference sides = new SideInference();
    readEvents(game.path("pd"), gameId, batch, sides);

    String homeId = sides.homeId();
    String awayId = sides.awayId();
    if (homeId == null || awayId == null) {
      batch.reject("game " + gameId, "Missing teams in game " + gameId
          + ": expected scoring events that name the home and the away team");
      return batch.build();
    }
    String code = game.path("gcode").asText("");
    String tricodes = code.contains("/") ? code.substring(code.indexOf('/') + 1) : "";
    String awayCode = tricodes.length() == 6 ? tricodes.substring(0, 3) : "";
    String homeCode = tricodes.length() == 6 ? tricodes.substring(3) : "";
    Team home = NbaPlayByPlayAdapter.tricodeTeam(homeId, homeCode);
    Team away = NbaPlayByPlayAdapter.tricodeTeam(awayId, awayCode);
    batch.addHeader(Game.scheduled(gameId, LEAGUE, null, home, away,
        LeagueRules.NBA.regulationPeriods()));
    return batch.build();
  }

  private static void readEvents(JsonNode periods, String gameId, FeedBatchBuilder batch,
      SideInference sides) {
    long order = 0;
    int lastHome = 0;
    int lastAway = 0;
    for (JsonNode period : periods) {
      for (JsonNode event : period.path("pla")) {
        order++;
        String record = "event " + event.path("evt").asText("at position " + order)
            + " of game " + gameId;
        Play play;
        try {
          play = readEvent(event, period, gameId, order, record, lastHome, lastAway);
        } catch (InvalidRecordException e) {
          batch.reject(record, e.getMessage());
          continue;
        }
        if (!batch.addPlay(play, LEAGUE)) {
          continue;
        }
        sides.seen(play.teamId(), null);
        sides.scored(play.teamId(), play.scoreHome() > lastHome, play.scoreAway() > lastAway);
        lastHome = play.scoreHome();
        lastAway = play.scoreAway();
      }
    }
  }

  private static Play readEvent(JsonNode event, JsonNode period, String gameId, long order,
      String record, int lastHome, int lastAway) {
    long number = ProviderValues.integer(event.get("evt"), "evt", record);
    int periodNumber = ProviderValues.integer(period.get("p"), "p", record);
    Duration clock = ProviderValues.minutesClock(event.get("cl"), "cl", record);
    int eventType = ProviderValues.integer(event.get("etype"), "etype", record);
    Integer home = ProviderValues.optionalInteger(event.get("hs"), "hs", record);
    Integer away = ProviderValues.optionalInteger(event.get("vs"), "vs", record);
    String description = event.path("de").asText("");
    String type = NbaEventTypes.playType(eventType);
    if (eventType == NbaEventTypes.PERIOD_END && description.equalsIgnoreCase("Game End")) {
      type = Play.GAME_END;
    }
    return new Play(gameId, number, order, periodNumber, clock,
        NbaActions.teamId(event.get("tid")), type, description,
        home == null ? lastHome : home, away == null ? lastAway : away, null, false);
  }
}
