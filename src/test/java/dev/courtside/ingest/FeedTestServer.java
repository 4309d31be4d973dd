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
 * A provider stand-in for tests: a Vert.x HTTP server on a free loopback port whose answer per
 * path a test sets and changes, and which records every request it received.
 */
final class FeedTestServer implements AutoCloseable {

  /** One canned answer. */
  record Answer(int status, Map<String, String> headers, byte[] body, boolean hang) {

    static Answer json(byte[] body) {
      return new Answer(200, Map.of("Content-Type", "application/json"), body, false);
    }

    static Answer status(int status, Map<String, String> headers) {
      return new Answer(status, headers, new byte[0], false);
    }

    /** An answer that never comes: the server holds the request open. */
    static Answer silence() {
      return new Answer(0, Map.of(), new byte[0], true);
    }
  }

  /** One request as received. */
  record Received(String path, MultiMap headers) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new ArrayList<>();

  FeedTestServer() throws Exception {
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
    Answer answer = answers.getOrDefault(key, answers.get(request.path()));
    if (answer == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (answer.hang()) {
      return;
    }
    request.response().setStatusCode(answer.status());
    answer.headers().forEach(request.response()::putHeader);
    request.response().end(Buffer.buffer(answer.body()));
  }

  /** Sets the answer of a path, optionally with its query, such as {@code /summary?event=1}. */
  void answer(String pathAndQuery, Answer answer) {
    answers.put(pathAndQuery, answer);
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(request -> request.path().equals(path)).toList();
    }
  }

  int count(String path) {
    return received(path).size();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
