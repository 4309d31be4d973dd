package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.store.QuarantineStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every live feed of one server: the polled feeds on one {@link FeedScheduler}, the Redis
 * channel feeds, and the {@link IngestGate} that push ingest shares with them.
 */
public final class LiveFeeds implements AutoCloseable {

  private final IngestGate gate;
  private final StaleTracker stale;
  private final HttpFetcher fetcher;
  private final FeedScheduler scheduler;
  private final List<PollingFeed> polled = new ArrayList<>();
  private final List<RedisChannelFeed> channels = new ArrayList<>();

  /**
   * Builds the feeds; {@link #start()} begins polling and subscribing.
   *
   * @param redisUri the server's {@code --redis} URI, used by Redis feeds that name none, or
   *     null
   * @param pollAllowed false while another node holds the feed lease
   */
  public LiveFeeds(Vertx vertx, IngestSettings settings, GameWriter writer,
      QuarantineStore quarantine, String redisUri, Clock clock, BooleanSupplier pollAllowed) {
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

  /** Stops every feed and closes the HTTP client. */
  @Override
  public void close() {
    scheduler.close();
    channels.forEach(RedisChannelFeed::close);
    fetcher.close();
  }
}
