package dev.courtside.bus;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated Redis connection that reconnects after a loss, with exponential backoff and
 * jitter. Each connection gets a client of its own, closed on loss, so a link that looks up
 * but delivers nothing can be cut for sure.
 *
 * <p>Runs on one Vert.x context: every method must be called there, and the callbacks run
 * there.
 */
final class RedisLink {

  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  private static final long FIRST_BACKOFF_MS = 100;

  private final String name;
  private final Vertx vertx;
  private final Context context;
  private final RedisOptions options;
  private final Duration maxBackoff;
  private final Consumer<RedisConnection> onConnected;
  private final Runnable onLost;
  private Redis client;
  private RedisConnection connection;
  private long generation;
  private int failures;
  private boolean stopped;

  /**
   * Creates a link; {@link #open()} connects it.
   *
   * @param name for the log, such as {@code reader}
   * @param onConnected runs with each new connection
   * @param onLost runs once per lost connection, before the reconnect is scheduled
   */
  RedisLink(String name, Vertx vertx, Context context, RedisOptions options,
      Duration maxBackoff, Consumer<RedisConnection> onConnected, Runnable onLost) {
    this.name = name;
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.maxBackoff = maxBackoff;
    this.onConnected = onConnected;
    this.onLost = onLost;
  }

  /** Connects, and keeps reconnecting after each loss until {@link #close()}. */
  void open() {
    if (stopped || client != null) {
      return;
    }
    long attempt = ++generation;
    client = Redis.createClient(vertx, options);
    client.connect().onComplete(result -> {
      if (stopped || attempt != generation) {
        if (result.succeeded()) {
          result.result().close();
        }
        return;
      }
      if (result.failed()) {
        failed(attempt, result.cause());
        return;
      }
      RedisConnection opened = result.result();
      connection = opened;
      opened.exceptionHandler(error -> failed(attempt, error));
      opened.endHandler(ignored -> failed(attempt, new IllegalStateException("closed")));
      if (failures > 0) {
        log.info("redis link reconnected link={} failedAttempts={}", name, failures);
      }
      failures = 0;
      onConnected.accept(opened);
    });
  }

  /** Returns the current connection, or null while disconnected. */
  RedisConnection connection() {
    return connection;
  }

  /** Returns a number that changes with every connection attempt. */
  long generation() {
    return generation;
  }

  /**
   * Drops the connection of {@code attempt}, if it is still current, and reconnects after the
   * backoff. Safe to call more than once per loss.
   */
  void failed(long attempt, Throwable cause) {
    if (stopped || attempt != generation || client == null) {
      return;
    }
    boolean wasConnected = connection != null;
    generation++;
    connection = null;
    Redis lostClient = client;
    client = null;
    failures++;
    long delayMs = backoffMs();
    if (wasConnected || failures == 1) {
      log.warn("redis link lost link={} error={} retryInMs={}", name, cause.toString(),
          delayMs);
    } else if (failures % 20 == 0) {
      log.warn("redis link still down link={} attempts={} error={} retryInMs={}", name,
          failures, cause.toString(), delayMs);
    }
    if (wasConnected) {
      onLost.run();
    }
    // Closed on a later turn of the event loop, because closing it from within the
    // connection's own failure handlers trips an assertion in vertx-redis-client 5.0.7.
    vertx.setTimer(delayMs, id -> context.runOnContext(v -> {
      lostClient.close();
      open();
    }));
  }

  /** Cuts the current connection, as after an error, and reconnects. */
  void reconnect(String reason) {
    failed(generation, new IllegalStateException(reason));
  }

  private long backoffMs() {
    int exponent = Math.min(failures - 1, 16);
    long capped = Math.min(maxBackoff.toMillis(), FIRST_BACKOFF_MS << exponent);
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }

  /** Closes the connection and stops reconnecting. */
  void close() {
    stopped = true;
    connection = null;
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
