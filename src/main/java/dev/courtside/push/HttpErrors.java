package dev.courtside.push;

import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/** Sends {@link ClientError}s as JSON HTTP answers. */
public final class HttpErrors {

  private HttpErrors() {}

  /** Ends the response with the exception's status, error body and {@code Retry-After}. */
  public static void send(HttpServerResponse response, ClientErrorException e) {
    if (e.retryAfter() != null && !response.headWritten()) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
    }
    send(response, e.status(), e.error());
  }

  /** Ends the response with a status and an error body. */
  public static void send(HttpServerResponse response, int status, ClientError error) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(error.toHttpJson());
  }

  /**
   * Returns a wait in whole seconds for {@code Retry-After} (RFC 9110 section 10.2.3), rounded
   * up and at least 1.
   */
  public static long retryAfterSeconds(Duration wait) {
    long seconds = (wait.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }
}
