package dev.courtside.ingest;

import java.time.Duration;
import java.util.Locale;

/**
 * Health of one live feed as the status page and readiness see it.
 *
 * @param name feed id
 * @param kind {@code poll} for a polled feed, {@code redis} for a Redis channel feed
 * @param host host and port of the list URL or of the Redis server, never user info, path or
 *     query
 * @param state whether the feed is usable, see {@link State}
 * @param counts polls, failures, last success and last error
 * @param quarantined records of this feed rejected by validation since start
 * @param lag time since the last success, or since start when the feed never succeeded
 */
public record FeedStatus(String name, String kind, String host, State state, FeedCounts counts,
    long quarantined, Duration lag) {

  /** Whether a feed delivers. Every state but {@link #FAILING} counts as usable for readiness. */
  public enum State {
    /** The feed succeeded within its usable window and none of its URLs is failing now. */
    OK,
    /**
     * The feed succeeded within its usable window, but the last poll of some of its URLs
     * failed.
     */
    DEGRADED,
    /**
     * The feed never succeeded, or not within its usable window: three list intervals for a
     * polled feed, or the Redis channel is not subscribed.
     */
    FAILING,
    /** Another node holds the feed lease and polls this feed, so this node does not. */
    STANDBY;

    /** Returns the lower-case name used in JSON. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Returns false only while the feed is {@link State#FAILING}. */
  public boolean usable() {
    return state != State.FAILING;
  }
}
