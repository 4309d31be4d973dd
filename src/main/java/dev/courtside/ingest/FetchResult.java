package dev.courtside.ingest;

import java.time.Duration;

/**
 * The outcome of one HTTP poll.
 *
 * @param outcome what happened
 * @param status HTTP status, or 0 when no response arrived
 * @param body the response body for {@link Outcome#BODY}, else empty
 * @param etag the {@code ETag} of a body, or null
 * @param lastModified the {@code Last-Modified} of a body, or null
 * @param failure what failed, for {@link Outcome#FAILED}, else null
 * @param retryAfter the delay a {@code Retry-After} header asked for, or null
 */
public record FetchResult(Outcome outcome, int status, byte[] body, String etag,
    String lastModified, String failure, Duration retryAfter) {

  /** Kind of result of one poll. */
  public enum Outcome {
    /** A 2xx response with a body to read. */
    BODY,
    /** A 304: the resource did not change since the validators sent. */
    NOT_MODIFIED,
    /** No usable response: a connection error, a timeout, a status other than 2xx and 304. */
    FAILED
  }

  static FetchResult body(int status, byte[] body, String etag, String lastModified) {
    return new FetchResult(Outcome.BODY, status, body, etag, lastModified, null, null);
  }

  static FetchResult notModified() {
    return new FetchResult(Outcome.NOT_MODIFIED, 304, new byte[0], null, null, null, null);
  }

  static FetchResult failed(int status, String failure, Duration retryAfter) {
    return new FetchResult(Outcome.FAILED, status, new byte[0], null, null, failure,
        retryAfter);
  }
}
