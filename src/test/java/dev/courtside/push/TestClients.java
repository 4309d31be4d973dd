package dev.courtside.push;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates test clients of every transport for one server, on a Vert.x instance of their own,
 * and closes them all. The HTTP and WebSocket clients are fields so they stay open for as long
 * as the test clients need them.
 */
final class TestClients implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http;
  private final WebSocketClient webSockets;
  private final int port;
  private final List<TestClient> created = new ArrayList<>();
  private final java.net.http.HttpClient plainHttp = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  TestClients(int port) {
    this.port = port;
    // Each open stream keeps a connection, so the pool must exceed the streams a test opens.
    this.http = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(200));
    this.webSockets = vertx.createWebSocketClient();
  }

  /** Creates a client of the transport for the channels; it connects on {@code open()}. */
  synchronized TestClient create(TestClient.Transport transport, String... channels) {
    TestClient client = switch (transport) {
      case WS -> new WebSocketTestClient(webSockets, port, List.of(channels));
      case SSE -> new EventStreamTestClient(http, port, List.of(channels));
      case POLL -> new PollTestClient(http, port, List.of(channels));
    };
    created.add(client);
    return client;
  }

  WebSocketTestClient webSocket(String... channels) {
    return (WebSocketTestClient) create(TestClient.Transport.WS, channels);
  }

  EventStreamTestClient eventStream(String... channels) {
    return (EventStreamTestClient) create(TestClient.Transport.SSE, channels);
  }

  PollTestClient poll(String... channels) {
    return (PollTestClient) create(TestClient.Transport.POLL, channels);
  }

  /**
   * A complete HTTP response, body included.
   *
   * @param elapsedMs time from sending the request to the end of the body
   */
  record FullResponse(int status, MultiMap headers, String body, long elapsedMs) {}

  /**
   * Sends a GET request to the server and returns the whole response.
   *
   * @param headers header names and values, alternating
   */
  FullResponse get(String uri, String... headers) throws Exception {
    // The JDK client opens its own connections, apart from the pool the streams hold.
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + uri))
        .timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    long startNanos = System.nanoTime();
    HttpResponse<String> response = plainHttp.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
    response.headers().map().forEach(responseHeaders::add);
    return new FullResponse(response.statusCode(), responseHeaders, response.body(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    List<TestClient> clients;
    synchronized (this) {
      clients = List.copyOf(created);
    }
    for (TestClient client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        // The server may have closed the connection first; that is no reason to fail here.
      }
    }
    http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    webSockets.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
