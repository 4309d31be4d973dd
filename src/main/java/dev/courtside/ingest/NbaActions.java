package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reader of the NBA "action" shape that the liveData play-by-play and the nba.com game page
 * share: {@code actionNumber}, ISO-8601 {@code clock}, {@code period}, {@code teamId},
 * {@code actionType}/{@code subType} and scores as strings.
 */
final class NbaActions {

  static final String LEAGUE = "nba";

  private NbaActions() {}

  /**
   * Reads actions into plays in the order of {@code orderField}, carrying the last known score
   * forward over actions whose scores are empty, and adds them to {@code batch}.
   *
   * @param actionField the field that numbers each action uniquely within the game
   * @param sides receives every team seen and every score change, to infer home and away
   */
  static void read(JsonNode actions, String gameId, String actionField, String orderField,
      FeedBatchBuilder batch, SideInference sides) {
    List<OrderedAction> ordered = sortByOrder(actions, gameId, actionField, orderField, batch);
    int lastHome = 0;
    int lastAway = 0;
    for (OrderedAction action : ordered) {
      Play play;
      try {
        play = readAction(action, gameId, actionField, lastHome, lastAway);
      } catch (InvalidRecordException e) {
        batch.reject(action.record(), e.getMessage());
        continue;
      }
      if (!batch.addPlay(play, LEAGUE)) {
        continue;
      }
      sides.seen(play.teamId(), ProviderValues.text(action.node().get("teamTricode")));
      sides.scored(play.teamId(), play.scoreHome() > lastHome, play.scoreAway() > lastAway);
      lastHome = play.scoreHome();
      lastAway = play.scoreAway();
    }
  }

  private static List<OrderedAction> sortByOrder(JsonNode actions, String gameId,
      String actionField, String orderField, FeedBatchBuilder batch) {
    List<OrderedAction> ordered = new ArrayList<>();
    int index = 0;
    for (JsonNode node : actions) {
      String record = "action " + node.path(actionField).asText("at index " + index)
          + " of game " + gameId;
      index++;
      try {
        long order = ProviderValues.integer(node.get(orderField), orderField, record);
        ordered.add(new OrderedAction(node, order, record));
      } catch (InvalidRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    ordered.sort(Comparator.comparingLong(OrderedAction::order));
    return ordered;
  }

  private static Play readAction(OrderedAction action, String gameId, String actionField,
      int lastHome, int lastAway) {
    JsonNode node = action.node();
    String record = action.record();
    long number = ProviderValues.integer(node.get(actionField), actionField, record);
    int period = ProviderValues.integer(node.get("period"), "period", record);
    Duration clock = ProviderValues.isoClock(node.get("clock"), "clock", record);
    Integer home = ProviderValues.optionalInteger(node.get("scoreHome"), "scoreHome", record);
    Integer away = ProviderValues.optionalInteger(node.get("scoreAway"), "scoreAway", record);
    Instant time = ProviderValues.instant(node.get("timeActual"), "timeActual", record);
    return new Play(gameId, number, action.order(), period, clock, teamId(node.get("teamId")),
        type(node), ProviderValues.text(node.get("description")),
        home == null ? lastHome : home, away == null ? lastAway : away, time, false);
  }

  /** Returns the team id as text, or null for neutral actions, which carry 0 or nothing. */
  static String teamId(JsonNode node) {
    String id = ProviderValues.text(node);
    return id == null || id.equals("0") ? null : id;
  }

  private static String type(JsonNode node) {
    String actionType = node.path("actionType").asText("").toLowerCase(Locale.ROOT);
    String subType = node.path("subType").asText("").toLowerCase(Locale.ROOT);
    if (actionType.equals("period") && subType.equals("start")) {
      return Play.PERIOD_START;
    }
    if (actionType.equals("period") && subType.equals("end")) {
      return Play.PERIOD_END;
    }
    if (actionType.equals("game") && subType.equals("end")) {
      return Play.GAME_END;
    }
    return ProviderValues.playType(actionType);
  }

  private record OrderedAction(JsonNode node, long order, String record) {}

  /**
   * Adds a game-end play after the last play when the feed has none but its last play ends a
   * period at or past regulation with the scores apart, which under NBA rules ends the game.
   * The nba.com game page and the stats.nba.com play-by-play have no game-end event, and
   * without one a replayed game would stay live after its last period.
   *
   * <p>The added play takes the next action and order numbers and the period end's clock,
   * score and time.
   */
  static void addGameEndIfImplied(FeedBatchBuilder batch) {
    List<Play> plays = batch.plays();
    if (plays.isEmpty()) {
      return;
    }
    long maxAction = 0;
    for (Play play : plays) {
      if (play.type().equals(Play.GAME_END)) {
        return;
      }
      maxAction = Math.max(maxAction, play.action());
    }
    Play last = plays.get(plays.size() - 1);
    boolean decided = last.scoreHome() != last.scoreAway();
    boolean finalPeriod = last.period() >= LeagueRules.NBA.regulationPeriods();
    if (last.type().equals(Play.PERIOD_END) && finalPeriod && decided) {
      batch.addPlay(new Play(last.gameId(), maxAction + 1, last.order() + 1, last.period(),
          last.clock(), null, Play.GAME_END, "Game End", last.scoreHome(), last.scoreAway(),
          last.time(), false), LEAGUE);
    }
  }
}
