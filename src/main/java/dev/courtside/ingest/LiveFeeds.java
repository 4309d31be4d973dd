package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.store.QuarantineStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Every live feed of one server: the polled feeds on one {@link FeedScheduler}, the Redis
 * channel feeds, and the {@link IngestGate} that push ingest shares with them.
 */
public final class LiveFeeds implements AutoCloseable {

  /**
   * List intervals a polled feed may go without a success and still count as usable. Three
   * leaves room for a failed poll and its retries, or for a {@code Retry-After} of up to two
   * intervals, before readiness drops.
   */
  public static final int USABLE_INTERVALS = 3;

  private final Clock clock;
  private final BooleanSupplier pollAllowed;
  private final IngestGate gate;
  private final StaleTracker stale;
  private final HttpFetcher fetcher;
  private final FeedScheduler scheduler;
  private final List<PollingFeed> polled = new ArrayList<>();
  private final List<RedisChannelFeed> channels = new ArrayList<>();
  private volatile Instant startedAt;

  /**
   * Builds the feeds; {@link #start()} begins polling and subscribing.
   *
   * @param redisUri the server's {@code --redis} URI, used by Redis feeds that name none, or
   *     null
   * @param pollAllowed false while another node holds the feed lease
   */
  public LiveFeeds(Vertx vertx, IngestSettings settings, GameWriter writer,
      QuarantineStore quarantine, String redisUri, Clock clock, BooleanSupplier pollAllowed) {
    this.clock = clock;
    this.pollAllowed = pollAllowed;
    this.startedAt = clock.instant();
    this.gate = new IngestGate(writer, quarantine, clock);
    this.stale = new StaleTracker(writer);
    this.fetcher = new HttpFetcher(vertx, HttpFetcher.Options.defaults(), clock);
    FeedScheduler.Policy policy = FeedScheduler.Policy.defaults(settings.staleAfter());
    this.scheduler = new FeedScheduler(vertx, fetcher, clock, policy, stale, pollAllowed);
    for (FeedSpec spec : settings.feeds()) {
      polled.add(new PollingFeed(spec, scheduler, gate, writer));
    }
    for (RedisFeedSpec spec : settings.redisFeeds()) {
      channels.add(new RedisChannelFeed(vertx, spec, redisUri, gate, writer, stale, clock,
          settings.staleAfter(), policy.backoff()));
    }
  }

  /** Starts every feed. A Redis feed that cannot connect yet keeps retrying. */
  public void start() {
    startedAt = clock.instant();
    polled.forEach(PollingFeed::start);
    channels.forEach(RedisChannelFeed::start);
    scheduler.start();
  }

  public IngestGate gate() {
    return gate;
  }

  public FeedScheduler scheduler() {
    return scheduler;
  }

  public List<PollingFeed> polledFeeds() {
    return List.copyOf(polled);
  }

  public List<RedisChannelFeed> channelFeeds() {
    return List.copyOf(channels);
  }

  /** Returns the health of every polled feed, then of every Redis channel feed. */
  public List<FeedStatus> statuses() {
    Instant now = clock.instant();
    Map<String, Long> quarantined = gate.rejectedCounts();
    List<FeedStatus> statuses = new ArrayList<>();
    for (PollingFeed feed : polled) {
      FeedSpec spec = feed.spec();
      FeedCounts counts = scheduler.counts(spec.id());
      FeedStatus.State state = pollState(counts, spec.interval(), now);
      statuses.add(new FeedStatus(spec.id(), "poll", Urls.hostOf(spec.url()), state, counts,
          quarantined.getOrDefault(spec.id(), 0L), lag(counts, now)));
    }
    for (RedisChannelFeed feed : channels) {
      FeedCounts counts = feed.counts();
      FeedStatus.State state = feed.connected() ? FeedStatus.State.OK
          : FeedStatus.State.FAILING;
      String feedId = feed.spec().feed();
      statuses.add(new FeedStatus(feedId, "redis", Urls.hostOf(feed.uri()), state, counts,
          quarantined.getOrDefault(feedId, 0L), lag(counts, now)));
    }
    return statuses;
  }

  /** Returns true when every live feed is usable, see {@link FeedStatus.State}. */
  public boolean usable() {
    return statuses().stream().allMatch(FeedStatus::usable);
  }

  private FeedStatus.State pollState(FeedCounts counts, Duration interval, Instant now) {
    if (!pollAllowed.getAsBoolean()) {
      return FeedStatus.State.STANDBY;
    }
    Duration window = interval.multipliedBy(USABLE_INTERVALS);
    if (counts.lastSuccess() == null
        || Duration.between(counts.lastSuccess(), now).compareTo(window) > 0) {
      return FeedStatus.State.FAILING;
    }
    return counts.failingUrls() > 0 ? FeedStatus.State.DEGRADED : FeedStatus.State.OK;
  }

  private Duration lag(FeedCounts counts, Instant now) {
    Instant since = counts.lastSuccess() == null ? startedAt : counts.lastSuccess();
    Duration lag = Duration.between(since, now);
    return lag.isNegative() ? Duration.ZERO : lag;
  }

  /** Stops every feed and closes the HTTP client. */
  @Override
  public void close() {
    scheduler.close();
    channels.forEach(RedisChannelFeed::close);
    fetcher.close();
  }
}
