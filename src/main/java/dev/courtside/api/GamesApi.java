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
import dev.courtside.store.GameStore;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST endpoints for current games and play history:
 * {@code /api/games}, {@code /api/games/{id}} and {@code /api/games/{id}/plays}.
 *
 * <p>In a cluster, a node's engine contains only the games its own feeds write. With a shared
 * store, the other games come from the store, as of its last batched write, so every node
 * serves every game.
 */
public final class GamesApi {

  private static final Logger log = LoggerFactory.getLogger(GamesApi.class);

  /** Plays per page when the request names no limit. */
  static final int DEFAULT_LIMIT = 50;

  /** Maximum plays per page. */
  static final int MAX_LIMIT = 200;

  private final GameEngine engine;
  private final GameStore shared;

  /** Creates the endpoints for a single node: every game is in its engine. */
  public GamesApi(GameEngine engine) {
    this(engine, null);
  }

  /**
   * Creates the endpoints for a node of a cluster.
   *
   * @param shared the store all nodes write, for the games of other nodes, or null
   */
  public GamesApi(GameEngine engine, GameStore shared) {
    this.engine = engine;
    this.shared = shared;
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
    LocalDate day = date;
    ZoneId dayZone = zone;
    withGames(context, all -> {
      ObjectNode body = Json.object();
      ArrayNode games = body.putArray("games");
      for (Game game : all) {
        if (league != null && !league.isBlank() && !league.equals(game.league())) {
          continue;
        }
        if (day != null && (game.start() == null
            || !game.start().atZone(dayZone).toLocalDate().equals(day))) {
          continue;
        }
        games.add(GameJson.write(game));
      }
      sendJson(context.response(), body);
    });
  }

  /**
   * Hands the engine's games to {@code action}, with the shared store's other games after
   * them when there is a shared store. The store is read off the event loop.
   */
  private void withGames(RoutingContext context, Consumer<List<Game>> action) {
    List<Game> local = List.copyOf(engine.games());
    if (shared == null) {
      action.accept(local);
      return;
    }
    readShared(context, () -> {
      Map<String, Game> all = new LinkedHashMap<>();
      for (Game game : local) {
        all.put(game.id(), game);
      }
      for (Game game : shared.loadGames()) {
        all.putIfAbsent(game.id(), game);
      }
      return List.copyOf(all.values());
    }, action);
  }

  /** Finds a game in the engine, else in the shared store, and hands it to {@code action}. */
  private void withGame(RoutingContext context, String id, Consumer<Optional<Game>> action) {
    Optional<Game> local = engine.current(id);
    if (local.isPresent() || shared == null) {
      action.accept(local);
      return;
    }
    readShared(context, () -> shared.loadGame(id), action);
  }

  /**
   * Runs a read of the shared store off the event loop and hands its result to
   * {@code action}, or responds with 503 when the read fails.
   */
  private static <T> void readShared(RoutingContext context, Callable<T> read,
      Consumer<T> action) {
    context.vertx().executeBlocking(read, false).onComplete(result -> {
      if (result.succeeded()) {
        action.accept(result.result());
      } else {
        storeFailed(context, result.cause());
      }
    });
  }

  private static void storeFailed(RoutingContext context, Throwable cause) {
    log.warn("shared store read failed path={} error={}", context.request().path(),
        cause.toString());
    HttpErrors.send(context.response(), 503, new ClientError("store-unavailable",
        "The shared store did not answer: retry shortly", true));
  }

  private void getGame(RoutingContext context) {
    String id = context.pathParam("id");
    withGame(context, id, game -> game.ifPresentOrElse(
        found -> sendJson(context.response(), GameJson.write(found)),
        () -> notFound(context, id)));
  }

  private void listPlays(RoutingContext context) {
    String id = context.pathParam("id");
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
    Long from = before;
    int size = limit;
    if (engine.current(id).isPresent()) {
      sendPlays(context, engine.plays(id, from, size + 1), size);
    } else if (shared == null) {
      notFound(context, id);
    } else {
      readShared(context, () -> shared.loadGame(id).isEmpty()
          ? Optional.<List<Play>>empty() : Optional.of(shared.loadPlays(id, from, size + 1)),
          page -> page.ifPresentOrElse(plays -> sendPlays(context, plays, size),
              () -> notFound(context, id)));
    }
  }

  private static void sendPlays(RoutingContext context, List<Play> page, int limit) {
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
