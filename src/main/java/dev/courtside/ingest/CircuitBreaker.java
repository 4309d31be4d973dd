package dev.courtside.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A circuit breaker for one polled URL. After {@code threshold} consecutive failures it opens
 * and no request is sent for {@code openFor}. Then it is half-open: one probe request is let
 * through, which closes it on success or opens it again on failure.
 *
 * <p>Not thread-safe: the feed scheduler uses each breaker from one event-loop thread.
 */
public final class CircuitBreaker {

  /** State of the breaker. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration openFor;
  private final Clock clock;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean probing;

  /**
   * Creates a closed breaker.
   *
   * @throws IllegalArgumentException when the threshold is below 1 or the open time is not
   *     positive
   */
  public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("Invalid circuit breaker threshold " + threshold
          + ": expected 1 or more consecutive failures");
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("Invalid circuit breaker open time " + openFor
          + ": expected more than 0");
    }
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** Returns the state at the current time of the clock. */
  public State state() {
    if (openedAt == null) {
      return State.CLOSED;
    }
    if (probing || !clock.instant().isBefore(openedAt.plus(openFor))) {
      return State.HALF_OPEN;
    }
    return State.OPEN;
  }

  /**
   * Returns true when a request may be sent now, and marks a half-open breaker as probing so
   * that only one probe is in flight.
   */
  public boolean tryAcquire() {
    State state = state();
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.HALF_OPEN && !probing) {
      probing = true;
      return true;
    }
    return false;
  }

  /** Records a successful request, which closes the breaker. */
  public void recordSuccess() {
    consecutiveFailures = 0;
    openedAt = null;
    probing = false;
  }

  /**
   * Records a failed request.
   *
   * @return true when this failure opened the breaker (from closed or after a failed probe)
   */
  public boolean recordFailure() {
    consecutiveFailures++;
    if (probing || (openedAt == null && consecutiveFailures >= threshold)) {
      openedAt = clock.instant();
      probing = false;
      return true;
    }
    return false;
  }

  /** Returns the instant the breaker turns half-open, or null when it is not open. */
  public Instant reopensAt() {
    return openedAt == null ? null : openedAt.plus(openFor);
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }
}
