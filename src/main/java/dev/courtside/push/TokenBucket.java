package dev.courtside.push;

import java.time.Duration;

/**
 * A token bucket rate limit: {@code burst} tokens at most, refilled at {@code ratePerSecond}.
 * Each permitted event takes one token. A new bucket starts full.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller, so tests can drive
 * the clock. Thread-safe.
 */
public final class TokenBucket {

  private final double tokensPerNano;
  private final int burst;
  private double tokens;
  private long updatedNanos;

  /**
   * Creates a full bucket.
   *
   * @param ratePerSecond tokens added per second, more than 0
   * @param burst maximum tokens, 1 or more
   * @param nowNanos the current {@link System#nanoTime()}
   */
  public TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("Invalid token bucket rate " + ratePerSecond
          + " per second and burst " + burst + ": expected a rate above 0 and a burst of 1"
          + " or more");
    }
    this.tokensPerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.updatedNanos = nowNanos;
  }

  /** Takes one token and returns true, or returns false when the bucket is empty. */
  public synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Returns the time until the next token is available; zero when one is available now. */
  public synchronized Duration timeToNextToken(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  /**
   * Returns true when the bucket has refilled completely, so it behaves exactly like a new one
   * and can be dropped.
   */
  public synchronized boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= burst;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedNanos;
    if (elapsed <= 0) {
      return;
    }
    tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
    updatedNanos = nowNanos;
  }
}
