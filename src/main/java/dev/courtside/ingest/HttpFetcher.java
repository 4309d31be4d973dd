package dev.courtside.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client of the pollers: one GET with conditional-request headers, connect and read
 * timeouts, gzip accepted and a body size limit. A failure does not throw: it becomes a
 * {@link FetchResult} with the reason.
 */
public final class HttpFetcher implements AutoCloseable {

  /**
   * Limits of each request.
   *
   * @param connectTimeout time to open the connection
   * @param readTimeout longest silence while waiting for response bytes
   * @param maxBodyBytes largest body accepted, after gzip decoding
   */
  public record Options(Duration connectTimeout, Duration readTimeout, long maxBodyBytes) {

    /** Returns 5 s to connect, 15 s of silence, 8 MiB of body. */
    public static Options defaults() {
      // The largest recorded provider payload (an ESPN summary) is about 750 KB.
      return new Options(Duration.ofSeconds(5), Duration.ofSeconds(15), 8L << 20);
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final Options options;
  private final Clock clock;

  public HttpFetcher(Vertx vertx, Options options, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.clock = clock;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDecompressionSupported(true)
        .setConnectTimeout((int) options.connectTimeout().toMillis())
        .setUserAgent("courtside/0.1")
        .setFollowRedirects(true));
  }

  /**
   * Sends a GET to {@code url}.
   *
   * @param etag the {@code ETag} of the last body read, sent as {@code If-None-Match}, or null
   * @param lastModified the {@code Last-Modified} of the last body, sent as
   *     {@code If-Modified-Since}, or null
   */
  public Future<FetchResult> fetch(String url, String etag, String lastModified) {
    if (url.regionMatches(true, 0, "file:", 0, 5)) {
      return readFile(url);
    }
    BoundedBody body = new BoundedBody(options.maxBodyBytes());
    HttpRequest<Void> request;
    try {
      request = client.getAbs(url)
          .connectTimeout(options.connectTimeout().toMillis())
          .idleTimeout(options.readTimeout().toMillis())
          .putHeader("Accept", "application/json, text/html;q=0.8, */*;q=0.5")
          .as(BodyCodec.pipe(body));
    } catch (RuntimeException e) {
      return Future.succeededFuture(FetchResult.failed(0, "invalid URL: " + e.getMessage(),
          null));
    }
    if (etag != null) {
      request.putHeader("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.putHeader("If-Modified-Since", lastModified);
    }
    return request.send()
        .map(response -> toResult(response, body))
        .otherwise(failure -> FetchResult.failed(0, describe(failure, body), null));
  }

  /** Reads a {@code file:} URL, which has no validators, as a body. */
  private Future<FetchResult> readFile(String url) {
    Path path;
    try {
      path = url.startsWith("file://") ? Path.of(URI.create(url)) : Path.of(url.substring(5));
    } catch (RuntimeException e) {
      return Future.succeededFuture(FetchResult.failed(0, "invalid file URL: " + e.getMessage(),
          null));
    }
    return vertx.executeBlocking(() -> {
      try {
        if (Files.size(path) > options.maxBodyBytes()) {
          return FetchResult.failed(0, "file larger than the limit of " + options.maxBodyBytes()
              + " bytes", null);
        }
        return FetchResult.body(200, Files.readAllBytes(path), null, null);
      } catch (IOException e) {
        return FetchResult.failed(0, "failed to read " + path + ": " + e, null);
      }
    }, false);
  }

  private FetchResult toResult(HttpResponse<Void> response, BoundedBody body) {
    int status = response.statusCode();
    if (status == 304) {
      return FetchResult.notModified();
    }
    if (status >= 200 && status < 300) {
      return FetchResult.body(status, body.bytes(), response.getHeader("ETag"),
          response.getHeader("Last-Modified"));
    }
    Duration retryAfter = RetryAfter.parse(response.getHeader("Retry-After"), clock);
    return FetchResult.failed(status, "HTTP status " + status, retryAfter);
  }

  private String describe(Throwable failure, BoundedBody body) {
    if (body.exceeded() || failure instanceof BoundedBody.BodyLimitException) {
      return "response body larger than the limit of " + options.maxBodyBytes() + " bytes";
    }
    if (failure instanceof TimeoutException || String.valueOf(failure.getMessage())
        .toLowerCase(Locale.ROOT).contains("timeout")) {
      return "timed out: " + failure.getMessage();
    }
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}
