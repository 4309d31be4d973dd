package dev.courtside.ingest;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed lease kept in one Redis key: {@code SET key owner NX PX ttl} acquires it, and the
 * holder renews it every third of the TTL with a script that extends the TTL only while the
 * key still names this owner.
 *
 * <p>A holder whose renewal fails or finds another owner loses the lease at once. A holder
 * that cannot reach Redis loses it at the latest when its last renewal expires, which is also
 * when another node can acquire the key, so two nodes never both see {@link #held()} true
 * unless their clocks run at different rates. When the holder dies, another node takes over
 * within one TTL plus one renewal interval. {@link #stop()} deletes the key, so another node
 * takes over within one renewal interval.
 */
public final class RedisLease implements FeedLease {

  private static final Logger log = LoggerFactory.getLogger(RedisLease.class);

  /** Extends the TTL only while the key names this owner: compare and PEXPIRE. */
  private static final String RENEW_SCRIPT = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """;

  /** Deletes the key only while it names this owner. */
  private static final String RELEASE_SCRIPT = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final Vertx vertx;
  private final Context context;
  private final Redis client;
  private final String key;
  private final String owner;
  private final Duration ttl;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean holding;
  private volatile long validUntilNanos;
  private long timer = -1;
  private boolean started;

  /**
   * Creates a lease; {@link #start()} begins to acquire it.
   *
   * @param client a client whose Vert.x instance is {@code vertx}
   * @param key the Redis key, such as {@code courtside:lease:feed:espn-nba}
   * @param owner this node's id, stored in the key while it holds the lease
   * @param ttl how long the key lives without a renewal, 300 ms or more
   */
  public RedisLease(Vertx vertx, Redis client, String key, String owner, Duration ttl) {
    if (ttl.toMillis() < 300) {
      throw new IllegalArgumentException("Invalid lease TTL " + ttl + ": expected 300 ms or"
          + " more, because the holder renews every third of it");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.key = key;
    this.owner = owner;
    this.ttl = ttl;
  }

  @Override
  public boolean held() {
    return holding && System.nanoTime() < validUntilNanos;
  }

  @Override
  public void start() {
    context.runOnContext(v -> {
      if (started) {
        return;
      }
      started = true;
      timer = vertx.setPeriodic(0, Math.max(100, ttl.toMillis() / 3), id -> tick());
    });
  }

  @Override
  public void stop() {
    context.runOnContext(v -> {
      if (!started) {
        return;
      }
      started = false;
      vertx.cancelTimer(timer);
      if (holding) {
        client.send(Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(1).arg(key).arg(owner))
            .onFailure(error -> log.warn("feed lease release failed lease={} owner={} error={}",
                key, owner, error.toString()));
        lose("stopped");
      }
    });
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  private void tick() {
    if (!started) {
      return;
    }
    long sentNanos = System.nanoTime();
    if (holding) {
      if (sentNanos >= validUntilNanos) {
        lose("renewal expired");
        return;
      }
      client.send(Request.cmd(Command.EVAL).arg(RENEW_SCRIPT).arg(1).arg(key).arg(owner)
              .arg(ttl.toMillis()))
          .onComplete(result -> renewed(result.succeeded() ? result.result() : null,
              result.cause(), sentNanos));
      return;
    }
    client.send(Request.cmd(Command.SET).arg(key).arg(owner).arg("NX").arg("PX")
            .arg(ttl.toMillis()))
        .onComplete(result -> {
          if (started && result.succeeded() && result.result() != null
              && "OK".equals(result.result().toString())) {
            validUntilNanos = sentNanos + ttl.toNanos();
            holding = true;
            log.info("feed lease gained lease={} owner={} ttlMs={}", key, owner,
                ttl.toMillis());
            listeners.forEach(Listener::gained);
          }
        });
  }

  private void renewed(Response reply, Throwable error, long sentNanos) {
    if (!holding) {
      return;
    }
    if (reply != null && reply.toInteger() == 1) {
      validUntilNanos = sentNanos + ttl.toNanos();
      return;
    }
    lose(error != null ? "renewal failed: " + error : "held by another node");
  }

  private void lose(String reason) {
    if (!holding) {
      return;
    }
    holding = false;
    log.info("feed lease lost lease={} owner={} reason={}", key, owner, reason);
    listeners.forEach(Listener::lost);
  }
}
