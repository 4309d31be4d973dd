package dev.courtside.ingest;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A provider stand-in for tests: a Vert.x HTTP server on a free loopback port whose response
 * per path a test sets and changes, and which records every request it received.
 */
public final class FeedTestServer implements AutoCloseable {

  /** One canned response. */
  public record Canned(int status, Map<String, String> headers, byte[] body, boolean hang) {

    public static Canned json(byte[] body) {
      return new Canned(200, Map.of("Content-Type", "application/json"), body, false);
    }

    public static Canned status(int status, Map<String, String> headers) {
      return new Canned(status, headers, new byte[0], false);
    }

    /** A response that never comes: the server holds the request open. */
    public static Canned silence() {
      return new Canned(0, Map.of(), new byte[0], true);
    }
  }

  /** One request as received. */
  record Received(String path, MultiMap headers) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, Canned> responses = new ConcurrentHashMap<>();
  private final List<Received> received = new ArrayList<>();

  public FeedTestServer() throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setCompressionSupported(true))
        .requestHandler(this::handle);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest request) {
    synchronized (received) {
      received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers())));
    }
    String key = request.query() == null ? request.path()
        : request.path() + "?" + request.query();
    Canned response = responses.getOrDefault(key, responses.get(request.path()));
    if (response == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (response.hang()) {
      return;
    }
    request.response().setStatusCode(response.status());
    response.headers().forEach(request.response()::putHeader);
    request.response().end(Buffer.buffer(response.body()));
  }

  /** Sets the response of a path, optionally with its query, such as {@code /summary?event=1}. */
  public void respond(String pathAndQuery, Canned response) {
    responses.put(pathAndQuery, response);
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(request -> request.path().equals(path)).toList();
    }
  }

  public int count(String path) {
    return received(path).size();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
