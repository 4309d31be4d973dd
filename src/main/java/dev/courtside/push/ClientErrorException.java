package dev.courtside.push;

import java.time.Duration;

/**
 * A client request that is rejected with an HTTP status and a {@link ClientError} body, and
 * optionally a {@code Retry-After} time.
 */
public final class ClientErrorException extends RuntimeException {

  private final int status;
  private final ClientError error;
  private final Duration retryAfter;

  public ClientErrorException(int status, ClientError error) {
    this(status, error, null);
  }

  /**
   * Creates the exception.
   *
   * @param retryAfter time to send in {@code Retry-After}, or null to send none
   */
  public ClientErrorException(int status, ClientError error, Duration retryAfter) {
    super(error.message(), null, false, false);
    this.status = status;
    this.error = error;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public ClientError error() {
    return error;
  }

  /** Returns the time to send in {@code Retry-After}, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
