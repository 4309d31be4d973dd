package dev.courtside.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.ingest.IngestGate;
import dev.courtside.model.Json;
import dev.courtside.push.ClientError;
import dev.courtside.push.HttpErrors;
import dev.courtside.store.QuarantineStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/quarantine?limit=N}: the newest rejected feed records, newest first, with the
 * rejected-record count of each feed since start and the entries dropped by a full write
 * queue.
 */
public final class QuarantineApi {

  /** Entries returned when the request names no limit. */
  static final int DEFAULT_LIMIT = 50;

  /** Most entries returned. */
  static final int MAX_LIMIT = 500;

  private final QuarantineStore store;
  private final IngestGate gate;

  public QuarantineApi(QuarantineStore store, IngestGate gate) {
    this.store = store;
    this.gate = gate;
  }

  /** Adds the endpoint to a router. */
  public void mount(Router router) {
    router.get("/api/quarantine").handler(this::list);
  }

  private void list(RoutingContext context) {
    String limitText = context.request().getParam("limit");
    int limit = DEFAULT_LIMIT;
    if (limitText != null && !limitText.isBlank()) {
      try {
        limit = Integer.parseInt(limitText.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        String shown = limitText.length() <= 40 ? limitText : limitText.substring(0, 40) + "...";
        HttpErrors.send(context.response(), 400, new ClientError("invalid-parameter",
            "Invalid limit '" + shown + "': expected a whole number from 1 to " + MAX_LIMIT,
            false));
        return;
      }
    }
    int count = limit;
    context.vertx().executeBlocking(() -> store.latest(count), false).onComplete(result -> {
      if (result.failed()) {
        HttpErrors.send(context.response(), 503, new ClientError("store-unavailable",
            "Failed to load the quarantine: " + result.cause().getMessage(), true));
        return;
      }
      GamesApi.sendJson(context.response(), answer(result.result()));
    });
  }

  private ObjectNode answer(List<QuarantineStore.Entry> entries) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("entries");
    for (QuarantineStore.Entry entry : entries) {
      ObjectNode node = list.addObject();
      node.put("time", entry.time().toString());
      node.put("feed", entry.feed());
      node.put("source", entry.source());
      node.put("record", entry.record());
      node.put("reason", entry.reason());
      node.put("excerpt", entry.excerpt());
    }
    ObjectNode counts = body.putObject("rejectedByFeed");
    gate.rejectedCounts().forEach(counts::put);
    body.put("dropped", store.dropped());
    return body;
  }
}
