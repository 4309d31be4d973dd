package dev.courtside.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests: connects to {@code /ws}, sends JSON text frames and
 * applies what arrives to a {@link ChannelMirror}.
 */
public final class TestWebSocket implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final ChannelMirror mirror;
  private volatile boolean closed;
  private volatile Short closeStatus;
  private volatile String closeReason;

  private TestWebSocket(WebSocketClient client, WebSocket socket, ChannelMirror mirror) {
    this.client = client;
    this.socket = socket;
    this.mirror = mirror;
  }

  /** Connects to a server on loopback; {@code mirror} receives every message. */
  public static TestWebSocket connect(Vertx vertx, int port, ChannelMirror mirror)
      throws Exception {
    return connect(vertx.createWebSocketClient(), port, false, mirror);
  }

  /** Connects over TLS ({@code wss}), trusting only the PEM certificate {@code trustedCert}. */
  public static TestWebSocket connectTls(Vertx vertx, int port, Path trustedCert,
      ChannelMirror mirror) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(trustedCert.toString())));
    return connect(client, port, true, mirror);
  }

  private static TestWebSocket connect(WebSocketClient client, int port, boolean ssl,
      ChannelMirror mirror) throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/ws").setSsl(ssl);
    WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    TestWebSocket test = new TestWebSocket(client, socket, mirror);
    socket.textMessageHandler(mirror::accept);
    socket.closeHandler(ignored -> {
      test.closeStatus = socket.closeStatusCode();
      test.closeReason = socket.closeReason();
      test.closed = true;
    });
    return test;
  }

  /** Sends a text frame. */
  public void send(String text) {
    socket.writeTextMessage(text);
  }

  /** Subscribes channels with no position: each starts with a snapshot. */
  public void subscribe(String... channels) {
    StringBuilder list = new StringBuilder();
    for (String channel : channels) {
      if (list.length() > 0) {
        list.append(',');
      }
      list.append('"').append(channel).append('"');
    }
    send("{\"type\":\"subscribe\",\"channels\":[" + list + "]}");
  }

  /** Subscribes one channel resuming from a position. */
  public void resume(String channel, String epoch, long seq) {
    send("{\"type\":\"subscribe\",\"channels\":[{\"channel\":\"" + channel + "\",\"epoch\":\""
        + epoch + "\",\"seq\":" + seq + "}]}");
  }

  public WebSocket socket() {
    return socket;
  }

  public boolean isClosed() {
    return closed;
  }

  public Short closeStatus() {
    return closeStatus;
  }

  public String closeReason() {
    return closeReason;
  }

  @Override
  public void close() throws Exception {
    if (!closed) {
      socket.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
