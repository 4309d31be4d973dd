package dev.courtside.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of games and plays, as sent to clients and kept in the store.
 *
 * <p>Clocks are seconds left in the period as a number with up to two decimals, and instants
 * are ISO-8601 text in UTC. Absent values are left out rather than written as null, because a
 * null in an RFC 7386 merge patch means "remove".
 */
public final class GameJson {

  private GameJson() {}

  /** Writes a game as a JSON object. */
  public static ObjectNode write(Game game) {
    ObjectNode node = Json.object();
    node.put("id", game.id());
    node.put("league", game.league());
    if (game.start() != null) {
      node.put("start", game.start().toString());
    }
    node.put("status", game.status().wireName());
    node.put("period", game.period());
    node.put("regulationPeriods", game.regulationPeriods());
    if (game.clock() != null) {
      node.put("clock", seconds(game.clock()));
    }
    node.set("home", writeSide(game.home()));
    node.set("away", writeSide(game.away()));
    if (game.lastPlay() != null) {
      node.set("lastPlay", write(game.lastPlay()));
    }
    if (game.stale()) {
      node.put("stale", true);
    }
    node.put("seq", game.seq());
    return node;
  }

  /** Writes a play as a JSON object. */
  public static ObjectNode write(Play play) {
    ObjectNode node = Json.object();
    node.put("action", play.action());
    node.put("order", play.order());
    node.put("period", play.period());
    if (play.clock() != null) {
      node.put("clock", seconds(play.clock()));
    }
    if (play.teamId() != null) {
      node.put("team", play.teamId());
    }
    node.put("type", play.type());
    node.put("description", play.description());
    node.put("scoreHome", play.scoreHome());
    node.put("scoreAway", play.scoreAway());
    if (play.time() != null) {
      node.put("time", play.time().toString());
    }
    if (play.deleted()) {
      node.put("deleted", true);
    }
    return node;
  }

  private static ObjectNode writeSide(Side side) {
    ObjectNode node = Json.object();
    Team team = side.team();
    node.put("id", team.id());
    node.put("name", team.name());
    node.put("short", team.shortName());
    node.put("location", team.location());
    node.put("score", side.score());
    ArrayNode periods = node.putArray("periods");
    side.periods().forEach(periods::add);
    return node;
  }

  /** Reads a game written by {@link #write(Game)}. */
  public static Game readGame(JsonNode node) {
    String league = node.path("league").asText();
    return new Game(
        node.path("id").asText(),
        league,
        instant(node.get("start")),
        readSide(node.path("home"), league),
        readSide(node.path("away"), league),
        GameStatus.fromWire(node.path("status").asText()),
        node.path("period").asInt(),
        node.path("regulationPeriods").asInt(4),
        duration(node.get("clock")),
        node.hasNonNull("lastPlay") ? readPlay(node.get("lastPlay"), node.path("id").asText())
            : null,
        node.path("stale").asBoolean(false),
        node.path("seq").asLong());
  }

  /** Reads a play written by {@link #write(Play)}. */
  public static Play readPlay(JsonNode node, String gameId) {
    return new Play(
        gameId,
        node.path("action").asLong(),
        node.path("order").asLong(),
        node.path("period").asInt(),
        duration(node.get("clock")),
        node.hasNonNull("team") ? node.get("team").asText() : null,
        node.path("type").asText(),
        node.path("description").asText(),
        node.path("scoreHome").asInt(),
        node.path("scoreAway").asInt(),
        instant(node.get("time")),
        node.path("deleted").asBoolean(false));
  }

  private static Side readSide(JsonNode node, String league) {
    Team team = new Team(league, node.path("id").asText(), node.path("name").asText(),
        node.path("short").asText(), node.path("location").asText());
    List<Integer> periods = new ArrayList<>();
    node.path("periods").forEach(p -> periods.add(p.asInt()));
    return new Side(team, node.path("score").asInt(), periods);
  }

  /** Returns a clock as seconds, rounded to hundredths as providers give it. */
  public static double seconds(Duration clock) {
    return BigDecimal.valueOf(clock.toMillis()).movePointLeft(3).doubleValue();
  }

  private static Duration duration(JsonNode seconds) {
    if (seconds == null || seconds.isNull()) {
      return null;
    }
    return Duration.ofMillis(Math.round(seconds.asDouble() * 1000));
  }

  private static Instant instant(JsonNode text) {
    if (text == null || text.isNull()) {
      return null;
    }
    return Instant.parse(text.asText());
  }
}
