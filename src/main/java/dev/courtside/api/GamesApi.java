package dev.courtside.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import dev.courtside.push.ClientError;
import dev.courtside.push.HttpErrors;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The REST endpoints for current games and play history:
 * {@code /api/games}, {@code /api/games/{id}} and {@code /api/games/{id}/plays}.
 */
public final class GamesApi {

  /** Plays per page when the request names no limit. */
  static final int DEFAULT_LIMIT = 50;

  /** Maximum plays per page. */
  static final int MAX_LIMIT = 200;

  private final GameEngine engine;

  public GamesApi(GameEngine engine) {
    this.engine = engine;
  }

  /** Adds the endpoints to a router. */
  public void mount(Router router) {
    router.get("/api/games").handler(this::listGames);
    router.get("/api/games/:id").handler(this::getGame);
    router.get("/api/games/:id/plays").handler(this::listPlays);
  }

  private void listGames(RoutingContext context) {
    String league = context.request().getParam("league");
    String dateText = context.request().getParam("date");
    String zoneText = context.request().getParam("tz");
    ZoneId zone = ZoneOffset.UTC;
    LocalDate date = null;
    try {
      if (zoneText != null && !zoneText.isBlank()) {
        zone = ZoneId.of(zoneText);
      }
    } catch (DateTimeException e) {
      badRequest(context, "invalid-parameter", "Invalid time zone '" + shorten(zoneText)
          + "': expected an IANA zone id such as America/New_York");
      return;
    }
    try {
      if (dateText != null && !dateText.isBlank()) {
        date = LocalDate.parse(dateText);
      }
    } catch (DateTimeParseException e) {
      badRequest(context, "invalid-parameter", "Invalid date '" + shorten(dateText)
          + "': expected YYYY-MM-DD");
      return;
    }
    ObjectNode body = Json.object();
    ArrayNode games = body.putArray("games");
    for (Game game : engine.games()) {
      if (league != null && !league.isBlank() && !league.equals(game.league())) {
        continue;
      }
      if (date != null && (game.start() == null
          || !game.start().atZone(zone).toLocalDate().equals(date))) {
        continue;
      }
      games.add(GameJson.write(game));
    }
    sendJson(context.response(), body);
  }

  private void getGame(RoutingContext context) {
    String id = context.pathParam("id");
    engine.current(id).ifPresentOrElse(
        game -> sendJson(context.response(), GameJson.write(game)),
        () -> notFound(context, id));
  }

  private void listPlays(RoutingContext context) {
    String id = context.pathParam("id");
    if (engine.current(id).isEmpty()) {
      notFound(context, id);
      return;
    }
    Long before;
    int limit;
    try {
      before = parseLong(context.request().getParam("before"), "before", 0, Long.MAX_VALUE);
      Long limitParam = parseLong(context.request().getParam("limit"), "limit", 1, MAX_LIMIT);
      limit = limitParam == null ? DEFAULT_LIMIT : limitParam.intValue();
    } catch (IllegalArgumentException e) {
      badRequest(context, "invalid-parameter", e.getMessage());
      return;
    }
    List<Play> page = engine.plays(id, before, limit + 1);
    ObjectNode body = Json.object();
    ArrayNode plays = body.putArray("plays");
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      plays.add(GameJson.write(page.get(i)));
    }
    if (page.size() > limit) {
      body.put("next", page.get(limit - 1).order());
    }
    sendJson(context.response(), body);
  }

  private static Long parseLong(String text, String name, long min, long max) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException("Invalid " + name + " '" + shorten(text)
        + "': expected a whole number from " + min + " to " + max);
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static void notFound(RoutingContext context, String id) {
    HttpErrors.send(context.response(), 404, new ClientError("unknown-game",
        "Unknown game '" + shorten(id) + "'", false));
  }

  private static void badRequest(RoutingContext context, String code, String message) {
    HttpErrors.send(context.response(), 400, new ClientError(code, message, false));
  }

  static void sendJson(HttpServerResponse response, ObjectNode body) {
    response.putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache")
        .end(Json.write(body));
  }
}
