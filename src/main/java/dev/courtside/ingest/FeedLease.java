package dev.courtside.ingest;

/**
 * The right to poll one feed, held by at most one node of a cluster at a time.
 *
 * <p>A scheduler polls a feed only while {@link #held()} is true, and checks it before each
 * poll, because a lease can be lost between two polls.
 */
public interface FeedLease {

  /**
   * Returns true while this node holds the lease. Turns false at once when a renewal fails,
   * and at the latest when the last successful renewal expires.
   */
  boolean held();

  /** Starts trying to acquire the lease, and renewing it once held. */
  void start();

  /** Stops renewing and gives the lease up, so another node can take it at once. */
  void stop();

  /**
   * Registers a listener of lease changes. Listeners run on the lease's own thread and must
   * not block.
   */
  void addListener(Listener listener);

  /** Receives lease changes. */
  interface Listener {

    /** This node acquired the lease and may start polling. */
    void gained();

    /** This node lost or gave up the lease and must stop polling now. */
    void lost();
  }
}
