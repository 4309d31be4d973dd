package dev.courtside.ops;

import dev.courtside.push.ClientAddresses;
import dev.courtside.push.ClientError;
import dev.courtside.push.ClientErrorException;
import dev.courtside.push.HttpErrors;
import dev.courtside.push.TokenBucket;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the HTTP request rate of each client address on the paths that cost the server work:
 * {@code /api/}, {@code /events}, {@code /poll}, {@code /ws} and {@code /ingest/}. Each
 * address has a {@link TokenBucket}. A request past it gets 429 with {@code Retry-After} and a
 * JSON error.
 *
 * <p>The table of buckets stays bounded. {@link #evictIdle(long)} drops every full bucket,
 * which behaves exactly like a new one, so an address is kept only while it has sent requests
 * in the last {@code burst / rate} seconds. Past {@link #MAX_ADDRESSES} entries, new addresses
 * pass without a bucket and are counted in {@link #untracked()}.
 */
public final class RequestRateLimiter {

  /** Maximum client addresses with a bucket at once. */
  public static final int MAX_ADDRESSES = 100_000;

  private static final Logger log = LoggerFactory.getLogger(RequestRateLimiter.class);

  private final double ratePerSecond;
  private final int burst;
  private final ClientAddresses addresses;
  private final int maxAddresses;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong untracked = new AtomicLong();

  /**
   * Creates a limiter.
   *
   * @param ratePerSecond requests per second of one address over time, more than 0
   * @param burst requests one address may send at once
   * @param maxAddresses maximum addresses with a bucket at once
   */
  public RequestRateLimiter(double ratePerSecond, int burst, ClientAddresses addresses,
      int maxAddresses) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.addresses = addresses;
    this.maxAddresses = maxAddresses;
  }

  /** Returns true for the paths this limiter counts. */
  public static boolean isLimited(String path) {
    return path != null && (path.startsWith("/api/") || path.equals("/events")
        || path.equals("/poll") || path.equals("/ws") || path.startsWith("/ingest/"));
  }

  /**
   * Passes a request to the next handler, or ends it with 429 when its address is over the
   * rate.
   */
  public void handle(RoutingContext context) {
    String path = context.request().path();
    if (!isLimited(path)) {
      context.next();
      return;
    }
    String address = addresses.of(context.request());
    Duration wait = take(address, System.nanoTime());
    if (wait == null) {
      context.next();
      return;
    }
    rejected.incrementAndGet();
    // The path only: a query string may carry a secret.
    log.debug("request rate limited address={} path={}", address, path);
    HttpErrors.send(context.response(), new ClientErrorException(429,
        new ClientError("rate-limited", "Too many requests from " + address + ": expected at"
            + " most " + formatRate() + " per second, with bursts of " + burst + "; retry after "
            + HttpErrors.retryAfterSeconds(wait) + " s", true), wait));
  }

  /**
   * Takes a token for one request of {@code address}.
   *
   * @return null when the request may go on, else the time until it may
   */
  Duration take(String address, long nowNanos) {
    TokenBucket bucket = buckets.get(address);
    if (bucket == null) {
      if (buckets.size() >= maxAddresses) {
        untracked.incrementAndGet();
        return null;
      }
      bucket = buckets.computeIfAbsent(address,
          key -> new TokenBucket(ratePerSecond, burst, nowNanos));
    }
    if (bucket.tryTake(nowNanos)) {
      return null;
    }
    return bucket.timeToNextToken(nowNanos);
  }

  /** Drops the buckets that have refilled completely. */
  public void evictIdle(long nowNanos) {
    buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
  }

  /** Returns the time after which an unused bucket is full and evicted. */
  public Duration idleAfter() {
    return Duration.ofNanos((long) Math.ceil(burst / ratePerSecond * 1e9));
  }

  /** Returns the number of client addresses with a bucket. */
  public int trackedAddresses() {
    return buckets.size();
  }

  /** Returns the requests rejected with 429 since start. */
  public long rejected() {
    return rejected.get();
  }

  /** Returns the requests let through without a bucket because the table was full. */
  public long untracked() {
    return untracked.get();
  }

  private String formatRate() {
    return ratePerSecond == Math.rint(ratePerSecond) ? Long.toString((long) ratePerSecond)
        : Double.toString(ratePerSecond);
  }
}
