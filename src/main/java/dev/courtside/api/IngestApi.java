package dev.courtside.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.ingest.Adapters;
import dev.courtside.ingest.FeedBatch;
import dev.courtside.ingest.FeedFormatException;
import dev.courtside.ingest.IngestGate;
import dev.courtside.ingest.IngestReport;
import dev.courtside.ingest.Rejection;
import dev.courtside.model.Game;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import dev.courtside.push.ClientError;
import dev.courtside.push.HttpErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Push ingest for trusted publishers: {@code POST /ingest/games/{id}} with one payload and
 * {@code POST /ingest/batch} with a JSON array of payloads. A payload is Courtside's game JSON
 * or any provider format {@link Adapters} reads. Every record goes through the
 * {@link IngestGate} like polled data, under the feed id {@value #FEED}.
 *
 * <p>Requests carry {@code Authorization: Bearer TOKEN}, compared in constant time, and get
 * 401 without it or with another token. The token is never read from the query string. A body
 * over the limit gets 413. A response lists the accepted games and the rejected records. Its
 * status is 200 when nothing was rejected and 400 otherwise, and the valid records are applied
 * either way. With no token configured every path responds with 404.
 */
public final class IngestApi {

  /** Feed id of pushed records in logs, the quarantine and counters. */
  public static final String FEED = "push";

  private static final String BEARER = "Bearer ";

  private final IngestGate gate;
  private final byte[] token;
  private final long maxBodyBytes;

  /**
   * Creates the endpoints.
   *
   * @param token the bearer token, or null to respond with 404 everywhere
   * @param maxBodyBytes largest request body accepted
   */
  public IngestApi(IngestGate gate, String token, long maxBodyBytes) {
    this.gate = gate;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Adds the endpoints to a router. */
  public void mount(Router router) {
    if (token == null) {
      router.route("/ingest/*").handler(context -> HttpErrors.send(context.response(), 404,
          new ClientError("ingest-disabled", "Push ingest is off: start Courtside with"
              + " --ingest-token or COURTSIDE_INGEST_TOKEN to accept pushed games", false)));
      return;
    }
    router.post("/ingest/*").handler(this::authorize);
    router.post("/ingest/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.post("/ingest/games/:id").handler(this::ingestGame);
    router.post("/ingest/batch").handler(this::ingestBatch);
    router.route("/ingest/*").failureHandler(this::sendFailure);
  }

  private void authorize(RoutingContext context) {
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    byte[] presented = header != null && header.regionMatches(true, 0, BEARER, 0,
        BEARER.length()) ? header.substring(BEARER.length()).trim()
        .getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(presented, token)) {
      context.response().putHeader("WWW-Authenticate",
          "Bearer realm=\"courtside-ingest\"");
      String message = header == null
          ? "Missing Authorization header: expected Bearer and the ingest token"
          : "Invalid ingest token: expected the token configured with --ingest-token";
      HttpErrors.send(context.response(), 401, new ClientError("unauthorized", message,
          false));
      return;
    }
    context.next();
  }

  private void sendFailure(RoutingContext context) {
    if (context.statusCode() == 413) {
      HttpErrors.send(context.response(), 413, new ClientError("body-too-large",
          "Request body larger than the limit of " + maxBodyBytes + " bytes: send fewer"
              + " games per request", false));
      return;
    }
    int status = context.statusCode() > 0 ? context.statusCode() : 500;
    HttpErrors.send(context.response(), status, new ClientError("ingest-failed",
        "Failed to ingest the request: " + (context.failure() == null ? "status " + status
            : context.failure().getMessage()), status >= 500));
  }

  private void ingestGame(RoutingContext context) {
    String gameId = context.pathParam("id");
    byte[] payload = context.body().buffer() == null ? new byte[0]
        : context.body().buffer().getBytes();
    context.vertx().executeBlocking(() -> {
      ObjectNode body = Json.object();
      ArrayNode accepted = body.putArray("accepted");
      ArrayNode rejected = body.putArray("rejected");
      String source = "POST /ingest/games/" + gameId;
      apply(source, payload, gameId, accepted, rejected, -1);
      return body;
    }, false).onComplete(result -> respond(context, result.result(), result.cause()));
  }

  private void ingestBatch(RoutingContext context) {
    byte[] payload = context.body().buffer() == null ? new byte[0]
        : context.body().buffer().getBytes();
    context.vertx().executeBlocking(() -> {
      ObjectNode body = Json.object();
      ArrayNode accepted = body.putArray("accepted");
      ArrayNode rejected = body.putArray("rejected");
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(payload);
      } catch (JsonProcessingException e) {
        rejected.add(rejection(-1, "request", "Invalid batch: not valid JSON: "
            + e.getOriginalMessage()));
        return body;
      } catch (IOException e) {
        rejected.add(rejection(-1, "request", "Invalid batch: " + e.getMessage()));
        return body;
      }
      if (root == null || !root.isArray()) {
        rejected.add(rejection(-1, "request",
            "Invalid batch: expected a JSON array of game payloads"));
        return body;
      }
      for (int i = 0; i < root.size(); i++) {
        byte[] element = Json.write(root.get(i)).getBytes(StandardCharsets.UTF_8);
        apply("POST /ingest/batch[" + i + "]", element, null, accepted, rejected, i);
      }
      return body;
    }, false).onComplete(result -> respond(context, result.result(), result.cause()));
  }

  /**
   * Reads one payload and applies it through the gate. When {@code gameId} is given, records
   * of other games are rejected.
   */
  private void apply(String source, byte[] payload, String gameId, ArrayNode accepted,
      ArrayNode rejected, int index) {
    FeedBatch batch;
    try {
      batch = Adapters.read(source, payload);
    } catch (FeedFormatException e) {
      gate.rejectPayload(FEED, source, e.getMessage(), payload);
      rejected.add(rejection(index, "payload", e.getMessage()));
      return;
    }
    if (gameId != null) {
      batch = onlyGame(batch, gameId, source);
    }
    IngestReport report = gate.apply(FEED, source, batch, payload);
    for (String game : report.games()) {
      ObjectNode entry = accepted.addObject();
      if (index >= 0) {
        entry.put("index", index);
      }
      entry.put("game", game);
    }
    for (Rejection rejection : report.rejections()) {
      rejected.add(rejection(index, rejection.record(), rejection.reason()));
    }
  }

  /** Keeps the records of one game and turns the others into rejections. */
  private static FeedBatch onlyGame(FeedBatch batch, String gameId, String source) {
    List<Rejection> rejections = new ArrayList<>(batch.rejections());
    List<Game> snapshots = new ArrayList<>();
    List<Game> headers = new ArrayList<>();
    List<Play> plays = new ArrayList<>();
    for (Game game : batch.snapshots()) {
      if (keep(game.id(), gameId, "game " + game.id(), source, rejections)) {
        snapshots.add(game);
      }
    }
    for (Game game : batch.headers()) {
      if (keep(game.id(), gameId, "game " + game.id(), source, rejections)) {
        headers.add(game);
      }
    }
    for (Play play : batch.plays()) {
      String record = "action " + play.action() + " of game " + play.gameId();
      if (keep(play.gameId(), gameId, record, source, rejections)) {
        plays.add(play);
      }
    }
    return new FeedBatch(batch.format(), snapshots, headers, plays, rejections,
        batch.corrections());
  }

  private static boolean keep(String recordGame, String gameId, String record, String source,
      List<Rejection> rejections) {
    if (recordGame.equals(gameId)) {
      return true;
    }
    rejections.add(new Rejection(source, record, "Invalid game id " + recordGame + " in "
        + record + ": expected " + gameId + ", the id in the request path"));
    return false;
  }

  private static ObjectNode rejection(int index, String record, String reason) {
    ObjectNode node = Json.object();
    if (index >= 0) {
      node.put("index", index);
    }
    node.put("record", record);
    node.put("reason", reason);
    return node;
  }

  private static void respond(RoutingContext context, ObjectNode body, Throwable failure) {
    if (failure != null) {
      context.fail(500, failure);
      return;
    }
    ArrayNode rejected = (ArrayNode) body.get("rejected");
    int status = 200;
    if (!rejected.isEmpty()) {
      status = 400;
      ObjectNode error = body.putObject("error");
      error.put("code", "invalid-records");
      error.put("message", rejected.size() + " record(s) rejected, first: "
          + rejected.get(0).path("reason").asText());
      error.put("retry", false);
    }
    context.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(Json.write(body));
  }
}
