package dev.courtside.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of every polled URL. Each {@link #tick()} sends the requests that are due
 * by the injected clock, and each response sets the next due time: the interval after a success
 * or a 304, the backoff (or a longer {@code Retry-After}) after a failure, and the end of the
 * open period when the failure opened the circuit breaker. A URL failing for longer than the
 * stale threshold marks its games stale through the {@link StaleTracker}.
 *
 * <p>{@link #start} ticks on a Vert.x timer. Tests call {@link #tick()} themselves with a
 * clock they move, so backoff and staleness are checked without waiting.
 */
public final class FeedScheduler implements AutoCloseable {

  /**
   * Policy shared by every polled URL.
   *
   * @param backoff delay after consecutive failures
   * @param breakerThreshold consecutive failures that open the circuit breaker
   * @param breakerOpenFor time the breaker stays open before a probe
   * @param staleAfter time a URL may fail before its games are marked stale
   */
  public record Policy(Backoff backoff, int breakerThreshold, Duration breakerOpenFor,
      Duration staleAfter) {

    /** Returns backoff from 1 s to 5 min, a breaker at 5 failures open 60 s, stale at 60 s. */
    public static Policy defaults(Duration staleAfter) {
      return new Policy(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5),
          Math::random), 5, Duration.ofSeconds(60), staleAfter);
    }
  }

  /** Period of the Vert.x timer that calls {@link #tick()}. */
  static final Duration TICK = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(FeedScheduler.class);

  private final Vertx vertx;
  private final HttpFetcher fetcher;
  private final Clock clock;
  private final Policy policy;
  private final StaleTracker stale;
  private final BooleanSupplier pollAllowed;
  private final Map<String, PollTarget> targets = new LinkedHashMap<>();
  private final Map<String, FeedTally> tallies = new LinkedHashMap<>();
  private long timerId = -1;

  /**
   * Creates a scheduler.
   *
   * @param pollAllowed checked before each request; false while another node holds the feed
   *     lease in a cluster, and always true for one node
   */
  public FeedScheduler(Vertx vertx, HttpFetcher fetcher, Clock clock, Policy policy,
      StaleTracker stale, BooleanSupplier pollAllowed) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.clock = clock;
    this.policy = policy;
    this.stale = stale;
    this.pollAllowed = Objects.requireNonNull(pollAllowed, "pollAllowed");
  }

  public Clock clock() {
    return clock;
  }

  /** Adds a URL to poll, due at once; replaces none, and returns the existing target. */
  public synchronized PollTarget add(String feed, String url, Duration interval,
      PollTarget.BodyHandler handler) {
    PollTarget existing = targets.get(url);
    if (existing != null) {
      return existing;
    }
    PollTarget target = new PollTarget(feed, url, interval, handler,
        new CircuitBreaker(policy.breakerThreshold(), policy.breakerOpenFor(), clock),
        clock.instant());
    targets.put(url, target);
    return target;
  }

  /** Stops polling a URL. A request in flight completes and is ignored. */
  public synchronized void remove(String url) {
    PollTarget target = targets.remove(url);
    if (target != null) {
      target.removed = true;
      if (target.staleReported) {
        stale.recovered(target.feed, url);
      }
    }
  }

  /** Makes a URL due at once, as when a game just ended and needs its last poll. */
  public synchronized void pollSoon(String url) {
    PollTarget target = targets.get(url);
    if (target != null && target.failures == 0) {
      target.nextDue = clock.instant();
    }
  }

  /** Returns the target of a URL, or null when it is not polled. */
  public synchronized PollTarget target(String url) {
    return targets.get(url);
  }

  /**
   * Returns the poll counts, last success and last error of a feed over all its URLs, list and
   * details, including URLs no longer polled.
   */
  public synchronized FeedCounts counts(String feed) {
    FeedTally tally = tallies.get(feed);
    int failingUrls = 0;
    for (PollTarget target : targets.values()) {
      if (target.feed.equals(feed) && target.failures > 0) {
        failingUrls++;
      }
    }
    if (tally == null) {
      return new FeedCounts(0, 0, null, null, null, failingUrls);
    }
    return new FeedCounts(tally.polls, tally.failures, tally.lastSuccess, tally.lastFailure,
        tally.lastError, failingUrls);
  }

  /** Running totals of one feed, guarded by the scheduler's lock. */
  private static final class FeedTally {
    long polls;
    long failures;
    Instant lastSuccess;
    Instant lastFailure;
    String lastError;
  }

  private FeedTally tally(String feed) {
    return tallies.computeIfAbsent(feed, id -> new FeedTally());
  }

  /** Returns the URLs polled now. */
  public synchronized List<String> urls() {
    return List.copyOf(targets.keySet());
  }

  /** Starts the timer that calls {@link #tick()}. */
  public synchronized void start() {
    if (timerId < 0) {
      timerId = vertx.setPeriodic(TICK.toMillis(), id -> tick());
    }
  }

  /** Sends every request that is due, and marks games stale whose URL failed too long. */
  public void tick() {
    List<PollTarget> due = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      boolean allowed = pollAllowed.getAsBoolean();
      for (PollTarget target : targets.values()) {
        checkStale(target, now);
        if (!allowed || target.inFlight || now.isBefore(target.nextDue)) {
          continue;
        }
        if (!target.breaker.tryAcquire()) {
          Instant reopens = target.breaker.reopensAt();
          target.nextDue = reopens == null ? now.plus(target.interval) : reopens;
          continue;
        }
        target.inFlight = true;
        target.polls++;
        tally(target.feed).polls++;
        due.add(target);
      }
    }
    for (PollTarget target : due) {
      fetcher.fetch(target.url, target.etag, target.lastModified)
          .compose(result -> read(target, result))
          .onComplete(read -> {
            if (read.succeeded()) {
              complete(target, read.result().result(), read.result().failure());
            } else {
              log.error("feed body handling failed feed={} url={}", target.feed,
                  Urls.redact(target.url), read.cause());
              complete(target, FetchResult.failed(0, String.valueOf(read.cause()), null),
                  "handling failed: " + read.cause());
            }
          });
    }
  }

  /** A fetch result and why its body could not be read, or null when it was read. */
  private record ReadResult(FetchResult result, String failure) {}

  /**
   * Reads a body on a worker thread, because adapting a large payload and applying hundreds
   * of plays would hold up the event loop that also serves clients.
   */
  private Future<ReadResult> read(PollTarget target, FetchResult result) {
    if (result.outcome() != FetchResult.Outcome.BODY) {
      return Future.succeededFuture(new ReadResult(result, result.failure()));
    }
    return vertx.executeBlocking(() -> new ReadResult(result,
        target.handler.accept(target, result.body())), false);
  }

  private void checkStale(PollTarget target, Instant now) {
    if (target.failingSince == null || target.staleReported) {
      return;
    }
    if (Duration.between(target.failingSince, now).compareTo(policy.staleAfter()) >= 0) {
      target.staleReported = true;
      stale.failing(target.feed, target.url, target.games());
    }
  }

  private void complete(PollTarget target, FetchResult result, String failure) {
    synchronized (this) {
      target.inFlight = false;
      if (target.removed) {
        return;
      }
      Instant now = clock.instant();
      FeedTally tally = tally(target.feed);
      if (failure == null) {
        tally.lastSuccess = now;
        succeeded(target, result, now);
      } else {
        tally.failures++;
        tally.lastFailure = now;
        tally.lastError = Urls.withoutQueries(failure);
        failed(target, result, failure, now);
      }
      checkStale(target, now);
    }
  }

  private void succeeded(PollTarget target, FetchResult result, Instant now) {
    if (result.outcome() == FetchResult.Outcome.BODY) {
      target.etag = result.etag();
      target.lastModified = result.lastModified();
    } else {
      target.notModified++;
    }
    if (target.breaker.state() != CircuitBreaker.State.CLOSED) {
      log.info("circuit breaker closed feed={} url={}", target.feed, Urls.redact(target.url));
    }
    target.breaker.recordSuccess();
    target.failures = 0;
    target.failingSince = null;
    if (target.staleReported) {
      target.staleReported = false;
      stale.recovered(target.feed, target.url);
    }
    target.nextDue = now.plus(target.interval);
  }

  private void failed(PollTarget target, FetchResult result, String failure, Instant now) {
    target.failures++;
    if (target.failingSince == null) {
      target.failingSince = now;
    }
    // Dropping the validators makes the next request fetch the whole body again, so a 304
    // cannot hide a body that could not be read.
    target.etag = null;
    target.lastModified = null;
    Duration delay = policy.backoff().delay(target.failures);
    if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
      delay = result.retryAfter();
    }
    Instant next = now.plus(delay);
    boolean opened = target.breaker.recordFailure();
    if (opened && target.breaker.reopensAt().isAfter(next)) {
      next = target.breaker.reopensAt();
    }
    target.nextDue = next;
    log.warn("feed poll failed feed={} url={} status={} attempt={} retryInMs={} reason={}",
        target.feed, Urls.redact(target.url), result.status(), target.failures,
        Duration.between(now, next).toMillis(), failure);
    if (opened) {
      log.warn("circuit breaker opened feed={} url={} failures={} openMs={}", target.feed,
          Urls.redact(target.url), target.failures,
          Duration.between(now, target.breaker.reopensAt()).toMillis());
    }
  }

  /** Stops the timer. Requests in flight complete and are ignored. */
  @Override
  public synchronized void close() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    for (PollTarget target : targets.values()) {
      target.removed = true;
    }
    targets.clear();
  }
}
