package dev.courtside.ops;

import dev.courtside.ingest.FeedCounts;
import dev.courtside.ingest.FeedStatus;
import dev.courtside.ingest.LiveFeeds;
import dev.courtside.push.FanOut;
import dev.courtside.push.SessionMonitor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Readiness and the status of one node: {@code GET /health/ready}, {@code GET /api/status} and
 * the {@code /status} page that shows the latter.
 *
 * <p>A node is ready while it is not shutting down, its store accepts writes, its bus
 * delivers, and every live feed is usable (see {@link FeedStatus.State}).
 */
final class StatusApi {

  /** Transports counted in {@code connections}, as {@link SessionMonitor#count} names them. */
  private static final List<String> TRANSPORTS = List.of("ws", "sse", "poll");

  /**
   * Sources of the status.
   *
   * @param storeUp true while the store accepts writes
   * @param busUp true while the bus, and Redis when configured, deliver
   * @param busKind {@code local} or {@code redis}
   * @param closing true once shutdown started
   * @param games number of games in the engine
   */
  record Sources(BooleanSupplier storeUp, BooleanSupplier busUp, String busKind,
      BooleanSupplier closing, IntSupplier games, SessionMonitor sessions, FanOut fanOut,
      LiveFeeds feeds) {}

  private final Sources sources;

  StatusApi(Sources sources) {
    this.sources = sources;
  }

  /** Adds the routes; call before the static file handler, which would take {@code /status}. */
  void mount(Router router) {
    router.get("/health/ready").handler(this::handleReady);
    router.get("/api/status").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(status());
    });
    router.get("/status").handler(ctx -> ctx.response()
        .putHeader("Cache-Control", "no-cache")
        .sendFile("web/status.html"));
  }

  private void handleReady(RoutingContext ctx) {
    boolean store = sources.storeUp().getAsBoolean();
    boolean bus = sources.busUp().getAsBoolean();
    List<FeedStatus> feeds = sources.feeds().statuses();
    JsonArray failingFeeds = new JsonArray();
    feeds.stream().filter(feed -> !feed.usable()).forEach(feed -> failingFeeds.add(feed.name()));
    boolean ready = store && bus && failingFeeds.isEmpty() && !sources.closing().getAsBoolean();
    ctx.response().setStatusCode(ready ? 200 : 503);
    ctx.json(new JsonObject()
        .put("status", ready ? "ready" : "not-ready")
        .put("store", store)
        .put("bus", bus)
        .put("feeds", failingFeeds.isEmpty())
        .put("failingFeeds", failingFeeds));
  }

  /** Returns the body of {@code GET /api/status}. */
  JsonObject status() {
    boolean store = sources.storeUp().getAsBoolean();
    boolean bus = sources.busUp().getAsBoolean();
    JsonArray feeds = new JsonArray();
    boolean feedsUsable = true;
    for (FeedStatus feed : sources.feeds().statuses()) {
      feeds.add(feedJson(feed));
      feedsUsable &= feed.usable();
    }
    boolean ready = store && bus && feedsUsable && !sources.closing().getAsBoolean();
    JsonObject connections = new JsonObject();
    long total = 0;
    for (String transport : TRANSPORTS) {
      long count = sources.sessions().count(transport);
      connections.put(transport, count);
      total += count;
    }
    connections.put("total", total);
    return new JsonObject()
        .put("status", ready ? "ready" : "not-ready")
        .put("time", Instant.now().toString())
        .put("store", new JsonObject().put("up", store))
        .put("bus", new JsonObject().put("up", bus).put("kind", sources.busKind()))
        .put("connections", connections)
        .put("subscriptions", sources.fanOut().subscriptionCount())
        .put("games", sources.games().getAsInt())
        .put("feeds", feeds);
  }

  private static JsonObject feedJson(FeedStatus feed) {
    FeedCounts counts = feed.counts();
    return new JsonObject()
        .put("name", feed.name())
        .put("kind", feed.kind())
        .put("host", feed.host())
        .put("state", feed.state().wireName())
        .put("lastSuccess", text(counts.lastSuccess()))
        .put("lastFailure", text(counts.lastFailure()))
        .put("lastError", counts.lastError())
        .put("polls", counts.polls())
        .put("failures", counts.failures())
        .put("failingUrls", counts.failingUrls())
        .put("quarantined", feed.quarantined())
        .put("lagMs", feed.lag().toMillis());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
