package dev.courtside.ingest;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of live ingestion: polled feeds, Redis channel feeds, push ingest and stale
 * marking.
 *
 * @param feeds polled feeds ({@code --feed})
 * @param redisFeeds Redis channel feeds ({@code --redis-feed})
 * @param ingestToken bearer token of push ingest, or null when push ingest is off
 * @param staleAfter time a feed may fail before its games are marked stale
 * @param maxPushBytes largest push ingest request body accepted
 */
public record IngestSettings(List<FeedSpec> feeds, List<RedisFeedSpec> redisFeeds,
    String ingestToken, Duration staleAfter, long maxPushBytes) {

  /** Default stale threshold. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);

  /** Default push body limit: 1 MiB, above the largest single-game payload recorded. */
  public static final long DEFAULT_MAX_PUSH_BYTES = 1L << 20;

  public IngestSettings {
    feeds = List.copyOf(feeds);
    redisFeeds = List.copyOf(redisFeeds);
    if (ingestToken != null && ingestToken.isBlank()) {
      ingestToken = null;
    }
  }

  /** Returns settings with no feed and push ingest off. */
  public static IngestSettings none() {
    return new IngestSettings(List.of(), List.of(), null, DEFAULT_STALE_AFTER,
        DEFAULT_MAX_PUSH_BYTES);
  }

  /** Returns true when a polled or Redis feed is configured. */
  public boolean hasLiveFeeds() {
    return !feeds.isEmpty() || !redisFeeds.isEmpty();
  }

  public IngestSettings withToken(String token) {
    return new IngestSettings(feeds, redisFeeds, token, staleAfter, maxPushBytes);
  }

  public IngestSettings withFeeds(List<FeedSpec> newFeeds) {
    return new IngestSettings(newFeeds, redisFeeds, ingestToken, staleAfter, maxPushBytes);
  }

  public IngestSettings withRedisFeeds(List<RedisFeedSpec> newFeeds) {
    return new IngestSettings(feeds, newFeeds, ingestToken, staleAfter, maxPushBytes);
  }

  public IngestSettings withStaleAfter(Duration newStaleAfter) {
    return new IngestSettings(feeds, redisFeeds, ingestToken, newStaleAfter, maxPushBytes);
  }

  public IngestSettings withMaxPushBytes(long newMaxPushBytes) {
    return new IngestSettings(feeds, redisFeeds, ingestToken, staleAfter, newMaxPushBytes);
  }
}
