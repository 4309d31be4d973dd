package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one JSON message into a snapshot by the field mapping of a {@link RedisFeedSpec}.
 * Team names come from the mapping, or from the game already held, or are the team ids.
 */
final class MessageMapping {

  /** Format name of mapped messages. */
  static final String FORMAT = "mapped-json";

  private final Map<String, String> mapping;
  private final Function<String, Optional<Game>> current;

  /**
   * @param current returns the game held now, for team names the message lacks
   */
  MessageMapping(Map<String, String> mapping, Function<String, Optional<Game>> current) {
    this.mapping = mapping;
    this.current = current;
  }

  /** Maps one message into a batch of one snapshot, or of one rejection. */
  FeedBatch read(JsonNode message, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    String id = ProviderValues.text(value(message, "id"));
    if (id == null) {
      batch.reject("message", "Missing id at " + mapping.get("id") + " in a message of "
          + source + ": expected a game id");
      return batch.build();
    }
    String record = "game " + id;
    Game game;
    try {
      game = snapshot(message, id, record);
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
      return batch.build();
    }
    batch.addSnapshot(game);
    FeedBatch built = batch.build();
    boolean correction = value(message, "correction").asBoolean(false);
    return !correction ? built : new FeedBatch(FORMAT, built.snapshots(), List.of(), List.of(),
        built.rejections(), Set.of(id));
  }

  private Game snapshot(JsonNode message, String id, String record) {
    Optional<Game> known = current.apply(id);
    String league = textOr(message, "league", known.map(Game::league).orElse("nba"));
    String statusText = ProviderValues.text(value(message, "status"));
    GameStatus status;
    try {
      status = GameStatus.fromWire(statusText == null ? ""
          : statusText.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(e.getMessage() + " in " + record);
    }
    Integer period = ProviderValues.optionalInteger(value(message, "period"), "period", record);
    Duration clock = clock(value(message, "clock"), record);
    Instant start = ProviderValues.instant(value(message, "start"), "start", record);
    Side home = side(message, "home", known.map(Game::home), league, record);
    Side away = side(message, "away", known.map(Game::away), league, record);
    return new Game(id, league, start != null ? start : known.map(Game::start).orElse(null),
        home, away, status, period == null ? 0 : period,
        LeagueRules.of(league).regulationPeriods(), clock, null, false, 0);
  }

  private Side side(JsonNode message, String label, Optional<Side> known, String league,
      String record) {
    String teamId = ProviderValues.text(value(message, label));
    if (teamId == null) {
      throw new InvalidRecordException("Missing " + label + " team id at "
          + mapping.get(label) + " in " + record + ": expected a team id");
    }
    int score = ProviderValues.integer(value(message, label + "-score"), label + " score",
        record);
    Team knownTeam = known.map(Side::team).filter(team -> team.id().equals(teamId))
        .orElse(null);
    String name = textOr(message, label + "-name", knownTeam == null ? teamId
        : knownTeam.name());
    Team team = knownTeam != null && name.equals(knownTeam.name()) ? knownTeam
        : new Team(league, teamId, name, knownTeam == null ? "" : knownTeam.shortName(),
            knownTeam == null ? "" : knownTeam.location());
    return new Side(team, score, List.of());
  }

  /** Reads a clock as seconds ({@code 521.0}) or as minutes and seconds ({@code "8:41"}). */
  private static Duration clock(JsonNode node, String record) {
    String text = ProviderValues.text(node);
    if (text == null) {
      return null;
    }
    if (text.contains(":")) {
      return ProviderValues.minutesClock(TextNode.valueOf(text), "clock", record);
    }
    return ProviderValues.secondsClock(node, "clock", record);
  }

  private String textOr(JsonNode message, String field, String fallback) {
    String text = ProviderValues.text(value(message, field));
    return text == null ? fallback : text;
  }

  private JsonNode value(JsonNode message, String field) {
    String path = mapping.get(field);
    if (path == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!path.startsWith("$")) {
      return TextNode.valueOf(path);
    }
    return JsonPath.read(message, path);
  }
}
