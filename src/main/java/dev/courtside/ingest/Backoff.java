package dev.courtside.ingest;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the delay before retry {@code n} is {@code min * 2^(n-1)},
 * capped at {@code max}, of which a random half is taken away ("equal jitter"), so that many
 * pollers that failed together do not retry together.
 *
 * @param min delay before the first retry, before jitter
 * @param max cap of the delay, before jitter
 * @param random source of numbers in [0, 1); tests pass a constant
 */
public record Backoff(Duration min, Duration max, DoubleSupplier random) {

  public Backoff {
    Objects.requireNonNull(random, "random");
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("Invalid backoff minimum " + min
          + ": expected more than 0");
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("Invalid backoff maximum " + max
          + ": expected at least the minimum " + min);
    }
  }

  /** Returns the delay before retry number {@code attempt}, 1 for the first retry. */
  public Duration delay(int attempt) {
    int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
    long capMillis = max.toMillis();
    long baseMillis = Math.min(capMillis, min.toMillis() << doublings);
    if (baseMillis < 0) {
      baseMillis = capMillis;
    }
    double jitter = Math.min(Math.max(random.getAsDouble(), 0), 1);
    long millis = baseMillis / 2 + Math.round(baseMillis / 2.0 * jitter);
    return Duration.ofMillis(millis);
  }
}
