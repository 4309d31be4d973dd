package dev.courtside.ops;

import dev.courtside.api.IngestApi;
import dev.courtside.ingest.FeedStatus;
import dev.courtside.ingest.LiveFeeds;
import java.util.function.ToDoubleFunction;

/**
 * Meters of every live feed, tagged {@code feed=<id>}: polls, failures, lag, whether it is
 * usable, and its quarantined records.
 */
final class FeedMetrics {

  private FeedMetrics() {}

  /**
   * Registers the meters of each feed that {@code feeds} has now and, with push ingest on, the
   * quarantined records of the {@value IngestApi#FEED} feed.
   */
  static void bind(Metrics metrics, LiveFeeds feeds, boolean pushIngest) {
    if (pushIngest) {
      metrics.functionCounter("courtside_feed_quarantined_records",
          "Records of the feed rejected by validation and kept in quarantine",
          () -> feeds.gate().rejectedCounts().getOrDefault(IngestApi.FEED, 0L), "feed",
          IngestApi.FEED);
    }
    for (FeedStatus status : feeds.statuses()) {
      String name = status.name();
      metrics.functionCounter("courtside_feed_polls",
          "Feed requests sent, or Redis channel messages received",
          () -> read(feeds, name, feed -> feed.counts().polls()), "feed", name);
      metrics.functionCounter("courtside_feed_failures",
          "Failed feed polls, or lost Redis channel connections",
          () -> read(feeds, name, feed -> feed.counts().failures()), "feed", name);
      metrics.gauge("courtside_feed_lag_seconds",
          "Seconds since the feed's last success on this node, or since start before the first",
          () -> read(feeds, name, feed -> feed.lag().toMillis() / 1000.0), "feed", name);
      metrics.gauge("courtside_feed_up",
          "1 while the feed is usable (ok, degraded or standby), else 0",
          () -> read(feeds, name, feed -> feed.usable() ? 1 : 0), "feed", name);
      metrics.functionCounter("courtside_feed_quarantined_records",
          "Records of the feed rejected by validation and kept in quarantine",
          () -> read(feeds, name, FeedStatus::quarantined), "feed", name);
    }
  }

  private static double read(LiveFeeds feeds, String name, ToDoubleFunction<FeedStatus> value) {
    for (FeedStatus status : feeds.statuses()) {
      if (status.name().equals(name)) {
        return value.applyAsDouble(status);
      }
    }
    return Double.NaN;
  }
}
