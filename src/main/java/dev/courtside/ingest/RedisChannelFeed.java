package dev.courtside.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameWriter;
import dev.courtside.model.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed that subscribes to a Redis pub/sub channel where other scrapers publish JSON, and
 * passes each message through the {@link IngestGate}. A lost connection is retried with
 * backoff, and after the stale threshold the games this channel delivered are marked stale
 * until it is back.
 *
 * <p>Limitation: pub/sub keeps no history, so messages published while the connection is down
 * are lost; the next message of each game brings it up to date.
 */
public final class RedisChannelFeed implements AutoCloseable {

  /** Default Redis URI when neither the feed nor the server names one. */
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";

  /** Time Redis has to confirm a subscription before the attempt counts as failed. */
  static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RedisChannelFeed.class);

  private final Vertx vertx;
  private final RedisFeedSpec spec;
  private final String uri;
  private final IngestGate gate;
  private final StaleTracker stale;
  private final Clock clock;
  private final Duration staleAfter;
  private final Backoff backoff;
  private final MessageMapping mapping;
  private final String source;
  private final Set<String> games = new LinkedHashSet<>();
  private final AtomicLong messages = new AtomicLong();
  private Redis client;
  private RedisConnection connection;
  private Instant failingSince;
  private boolean staleReported;
  private int attempts;
  private long checkTimer = -1;
  private boolean closed;
  private boolean reconnecting;
  private long failures;
  private Instant lastSuccess;
  private Instant lastFailure;
  private String lastError;

  /**
   * Creates the feed; {@link #start()} connects.
   *
   * @param fallbackUri Redis URI used when the spec names none, or null for
   *     {@value #DEFAULT_URI}
   */
  public RedisChannelFeed(Vertx vertx, RedisFeedSpec spec, String fallbackUri, IngestGate gate,
      GameWriter writer, StaleTracker stale, Clock clock, Duration staleAfter, Backoff backoff) {
    this.vertx = vertx;
    this.spec = spec;
    this.uri = spec.uri() != null ? spec.uri() : fallbackUri != null ? fallbackUri
        : DEFAULT_URI;
    this.gate = gate;
    this.stale = stale;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.backoff = backoff;
    this.mapping = spec.mapping().isEmpty() ? null
        : new MessageMapping(spec.mapping(), writer::current);
    this.source = "redis channel " + spec.channel();
  }

  /**
   * Connects and subscribes. The future completes once Redis confirmed the subscription, and
   * fails when the first attempt fails, after which the feed keeps retrying in the background.
   */
  public synchronized Future<Void> start() {
    checkTimer = vertx.setPeriodic(1000, id -> checkStale());
    log.info("feed started feed={} channel={} mapped={}", spec.feed(), spec.channel(),
        mapping != null);
    return connect();
  }

  /** Returns the number of messages received since start. */
  public long messages() {
    return messages.get();
  }

  public RedisFeedSpec spec() {
    return spec;
  }

  /** Returns the messages, failures and last success and error of this channel. */
  public synchronized FeedCounts counts() {
    return new FeedCounts(messages.get(), failures, lastSuccess, lastFailure, lastError,
        connection == null ? 1 : 0);
  }

  /** Returns the Redis URI this feed subscribes on, which may carry a password. */
  public String uri() {
    return uri;
  }

  /** Returns true while subscribed. */
  public synchronized boolean connected() {
    return connection != null;
  }

  private synchronized Future<Void> connect() {
    reconnecting = false;
    if (closed) {
      return Future.succeededFuture();
    }
    client = Redis.createClient(vertx, uri);
    Promise<Void> subscribed = Promise.promise();
    vertx.setTimer(SUBSCRIBE_TIMEOUT.toMillis(), id -> subscribed.tryFail(
        "no subscribe confirmation within " + SUBSCRIBE_TIMEOUT.toSeconds() + " s"));
    return client.connect()
        .compose(opened -> {
          synchronized (this) {
            connection = opened;
          }
          opened.handler(response -> onMessage(response, subscribed));
          opened.exceptionHandler(error -> lost("connection error: " + error));
          opened.endHandler(ended -> lost("connection closed"));
          return opened.send(Request.cmd(Command.SUBSCRIBE).arg(spec.channel()));
        })
        .compose(reply -> {
          // RESP2 returns the confirmation as the reply, RESP3 pushes it to the handler.
          if (isSubscribeConfirmation(reply)) {
            subscribed.tryComplete();
          }
          return subscribed.future();
        })
        .onSuccess(done -> recovered())
        .onFailure(error -> lost("connect or subscribe failed: " + error.getMessage()));
  }

  private static boolean isSubscribeConfirmation(Response response) {
    return response != null
        && (response.type() == ResponseType.MULTI || response.type() == ResponseType.PUSH)
        && response.size() >= 1 && "subscribe".equals(response.get(0).toString());
  }

  private void onMessage(Response response, Promise<Void> subscribed) {
    if (isSubscribeConfirmation(response)) {
      subscribed.tryComplete();
      return;
    }
    if (response.type() != ResponseType.MULTI && response.type() != ResponseType.PUSH) {
      return;
    }
    if (response.size() < 3 || !"message".equals(response.get(0).toString())) {
      return;
    }
    messages.incrementAndGet();
    synchronized (this) {
      lastSuccess = clock.instant();
    }
    byte[] payload = response.get(2).toBytes();
    try {
      FeedBatch batch = read(payload);
      if (batch == null) {
        return;
      }
      IngestReport report = gate.apply(spec.feed(), source, batch, payload);
      synchronized (this) {
        games.addAll(report.games());
      }
    } catch (RuntimeException e) {
      // The gate trusts validated input to the engine, so an exception here is a bug.
      log.error("feed message handling failed feed={} channel={}", spec.feed(), spec.channel(),
          e);
    }
  }

  private FeedBatch read(byte[] payload) {
    try {
      if (mapping == null) {
        return Adapters.read(source, payload);
      }
      JsonNode message = Json.MAPPER.readTree(payload);
      if (message == null || !message.isObject()) {
        gate.rejectPayload(spec.feed(), source, "Invalid message on " + source
            + ": expected a JSON object", payload);
        return null;
      }
      return mapping.read(message, source);
    } catch (FeedFormatException e) {
      gate.rejectPayload(spec.feed(), source, e.getMessage(), payload);
    } catch (JsonProcessingException e) {
      gate.rejectPayload(spec.feed(), source, "Invalid message on " + source
          + ": not valid JSON: " + e.getOriginalMessage(), payload);
    } catch (IOException e) {
      gate.rejectPayload(spec.feed(), source, "Invalid message on " + source + ": " + e,
          payload);
    }
    return null;
  }

  private void lost(String reason) {
    Duration delay;
    synchronized (this) {
      if (closed || reconnecting) {
        return;
      }
      reconnecting = true;
      if (connection != null) {
        connection.close();
        connection = null;
      }
      if (client != null) {
        client.close();
        client = null;
      }
      if (failingSince == null) {
        failingSince = clock.instant();
      }
      failures++;
      lastFailure = clock.instant();
      lastError = Urls.withoutQueries(reason);
      attempts++;
      delay = backoff.delay(attempts);
    }
    log.warn("feed channel failed feed={} channel={} attempt={} retryInMs={} reason={}",
        spec.feed(), spec.channel(), attempts, delay.toMillis(), reason);
    vertx.setTimer(Math.max(1, delay.toMillis()), id -> connect());
  }

  private void recovered() {
    boolean wasStale;
    synchronized (this) {
      wasStale = staleReported;
      staleReported = false;
      failingSince = null;
      attempts = 0;
      lastSuccess = clock.instant();
    }
    if (wasStale) {
      stale.recovered(spec.feed(), source);
    }
  }

  /** Marks this channel's games stale once it has been failing past the threshold. */
  public void checkStale() {
    Set<String> toMark;
    synchronized (this) {
      if (failingSince == null || staleReported
          || Duration.between(failingSince, clock.instant()).compareTo(staleAfter) < 0) {
        return;
      }
      staleReported = true;
      toMark = Set.copyOf(games);
    }
    stale.failing(spec.feed(), source, toMark);
  }

  /** Unsubscribes and closes the connection. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    if (connection != null) {
      connection.close();
      connection = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
    log.info("feed stopped feed={} channel={} messages={}", spec.feed(), spec.channel(),
        messages.get());
  }

  /** Returns the games this channel delivered. */
  public synchronized Set<String> games() {
    return Set.copyOf(games);
  }
}
