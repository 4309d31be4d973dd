package dev.courtside.push;

import io.vertx.core.http.HttpServerResponse;

/** Sends {@link ClientError}s as JSON HTTP answers. */
public final class HttpErrors {

  private HttpErrors() {}

  /** Ends the response with the exception's status and error body. */
  public static void send(HttpServerResponse response, ClientErrorException e) {
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
}
