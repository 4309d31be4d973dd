package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adapter for Courtside's own game JSON (the form {@code GET /api/games/{id}} returns, see
 * docs/protocol.md), as trusted publishers push it: one snapshot, with optional
 * {@code "correction": true} to allow a lower score and an optional {@code "plays"} array of
 * plays in the same JSON form.
 *
 * <p>Types are checked strictly, unlike provider formats: a number sent as a string is
 * rejected, because a publisher that writes this format controls its types.
 */
public final class CourtsideGameAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "courtside-game";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path("id").isTextual() && root.has("status") && root.path("home").isObject()
        && root.path("home").has("score");
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    String gameId = root.path("id").asText();
    String record = "game " + gameId;
    Game game;
    try {
      game = readGame(root, gameId, record);
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
      return batch.build();
    }
    batch.addSnapshot(game);
    int index = 0;
    for (JsonNode node : root.path("plays")) {
      String playRecord = "play at index " + index + " of game " + gameId;
      index++;
      try {
        batch.addPlay(readPlay(node, gameId, playRecord), game.league());
      } catch (InvalidRecordException e) {
        batch.reject(playRecord, e.getMessage());
      }
    }
    FeedBatch built = batch.build();
    if (!root.path("correction").asBoolean(false)) {
      return built;
    }
    return new FeedBatch(built.format(), built.snapshots(), built.headers(), built.plays(),
        built.rejections(), Set.of(gameId));
  }

  private static Game readGame(JsonNode root, String gameId, String record) {
    if (root.has("plays") && !root.get("plays").isArray()) {
      throw new InvalidRecordException("Invalid plays in " + record + ": expected an array");
    }
    if (root.has("correction") && !root.get("correction").isBoolean()) {
      throw invalid("correction", root.get("correction"), record, "true or false");
    }
    String league = text(root, "league", record, true);
    GameStatus status;
    try {
      status = GameStatus.fromWire(text(root, "status", record, true));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException(e.getMessage() + " in " + record);
    }
    int period = integer(root, "period", record, 0);
    int regulation = integer(root, "regulationPeriods", record,
        LeagueRules.of(league).regulationPeriods());
    Duration clock = clock(root.get("clock"), "clock", record);
    Instant start = instant(root.get("start"), "start", record);
    Side home = side(root.path("home"), league, "home", record);
    Side away = side(root.path("away"), league, "away", record);
    return new Game(gameId, league, start, home, away, status, period, regulation, clock, null,
        false, 0);
  }

  private static Side side(JsonNode node, String league, String label, String record) {
    if (!node.isObject()) {
      throw new InvalidRecordException("Missing " + label + " in " + record
          + ": expected an object with id, name and score");
    }
    String id = text(node, "id", label + ".", record, true);
    Team team = new Team(league, id, text(node, "name", label + ".", record, false),
        text(node, "short", label + ".", record, false),
        text(node, "location", label + ".", record, false));
    int score = integer(node, "score", label + ".", record, null);
    List<Integer> periods = new ArrayList<>();
    JsonNode list = node.get("periods");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw invalid(label + ".periods", list, record, "an array of whole numbers");
      }
      for (JsonNode entry : list) {
        if (!entry.canConvertToExactIntegral() || !entry.isNumber()) {
          throw invalid(label + ".periods", entry, record, "whole numbers");
        }
        periods.add(entry.intValue());
      }
    }
    return new Side(team, score, periods);
  }

  private static Play readPlay(JsonNode node, String gameId, String record) {
    if (!node.isObject()) {
      throw invalid("play", node, record, "an object");
    }
    long action = integer(node, "action", "", record, null);
    long order = node.has("order") ? integer(node, "order", "", record, null) : action;
    return new Play(gameId, action, order, integer(node, "period", "", record, null),
        clock(node.get("clock"), "clock", record), node.hasNonNull("team")
            ? text(node, "team", "", record, true) : null,
        ProviderValues.playType(text(node, "type", "", record, false)),
        text(node, "description", "", record, false),
        integer(node, "scoreHome", "", record, null), integer(node, "scoreAway", "", record,
            null), instant(node.get("time"), "time", record),
        node.path("deleted").asBoolean(false));
  }

  private static String text(JsonNode node, String field, String record, boolean required) {
    return text(node, field, "", record, required);
  }

  private static String text(JsonNode node, String field, String prefix, String record,
      boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidRecordException("Missing " + prefix + field + " in " + record
            + ": expected a string");
      }
      return "";
    }
    if (!value.isTextual()) {
      throw invalid(prefix + field, value, record, "a string");
    }
    if (required && value.asText().isBlank()) {
      throw new InvalidRecordException("Missing " + prefix + field + " in " + record
          + ": expected a non-empty string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field, String record, Integer fallback) {
    return integer(node, field, "", record, fallback);
  }

  private static int integer(JsonNode node, String field, String prefix, String record,
      Integer fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback != null) {
        return fallback;
      }
      throw new InvalidRecordException("Missing " + prefix + field + " in " + record
          + ": expected a whole number");
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
      throw invalid(prefix + field, value, record, "a whole number");
    }
    return value.intValue();
  }

  private static Duration clock(JsonNode value, String field, String record) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw invalid(field, value, record, "seconds left in the period as a number");
    }
    return Duration.ofMillis(Math.round(value.asDouble() * 1000));
  }

  private static Instant instant(JsonNode value, String field, String record) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(field, value, record, "an ISO-8601 time such as 2020-12-23T00:00:00Z");
    }
    try {
      return ProviderValues.instant(value, field, record);
    } catch (DateTimeParseException e) {
      throw invalid(field, value, record, "an ISO-8601 time such as 2020-12-23T00:00:00Z");
    }
  }

  private static InvalidRecordException invalid(String field, JsonNode value, String record,
      String expected) {
    String shown = value.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 60) + "...";
    }
    return new InvalidRecordException("Invalid " + field + " " + shown + " in " + record
        + ": expected " + expected);
  }
}
