package dev.courtside.push;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket test client on {@code /ws}. Each connection subscribes every channel in one
 * message, with the epoch and seq last applied when there is one.
 */
final class WebSocketTestClient extends TestClient {

  private final WebSocketClient client;
  private final int port;
  private WebSocket socket;
  private List<Position> forced = List.of();
  private volatile Short closeStatus;
  private volatile String closeReason;

  WebSocketTestClient(WebSocketClient client, int port, List<String> channels) {
    super(channels);
    this.client = client;
    this.port = port;
  }

  @Override
  Transport transport() {
    return Transport.WS;
  }

  @Override
  void open() throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI(WebSocketTransport.PATH);
    WebSocket opened = client.connect(options).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    synchronized (this) {
      socket = opened;
    }
    opened.textMessageHandler(text -> receive(opened, text));
    opened.closeHandler(ignored -> {
      closeStatus = opened.closeStatusCode();
      closeReason = opened.closeReason();
    });
    opened.writeTextMessage(subscribeMessage());
  }

  @Override
  synchronized void resumeFrom(String positions) {
    forced = Position.parse(positions);
  }

  private synchronized void receive(WebSocket from, String text) {
    if (from == socket) {
      mirror().accept(text);
    }
  }

  /** Returns a subscribe message that resumes every channel the mirror has a position for. */
  synchronized String subscribeMessage() {
    ObjectNode message = Json.object();
    message.put("type", "subscribe");
    ArrayNode list = message.putArray("channels");
    for (String channel : channels()) {
      Position given = forced.stream().filter(p -> p.channel().equals(channel)).findFirst()
          .orElse(null);
      Long seq = mirror().seq(channel);
      if (given != null) {
        list.addObject().put("channel", channel).put("epoch", given.epoch())
            .put("seq", given.seq());
      } else if (seq == null) {
        list.add(channel);
      } else {
        list.addObject().put("channel", channel).put("epoch", mirror().epoch(channel))
            .put("seq", seq);
      }
    }
    forced = List.of();
    return Json.write(message);
  }

  /** Sends a text frame on the open connection. */
  void send(String text) {
    WebSocket open;
    synchronized (this) {
      open = socket;
    }
    open.writeTextMessage(text);
  }

  @Override
  void disconnect() throws Exception {
    WebSocket closing;
    synchronized (this) {
      closing = socket;
      socket = null;
    }
    if (closing != null && !closing.isClosed()) {
      closing.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Override
  synchronized boolean connected() {
    return socket != null && !socket.isClosed();
  }

  /** Returns the pending or finished connection's socket, for pausing it. */
  synchronized WebSocket socket() {
    return socket;
  }

  /** Returns the close code the server sent, or null while open. */
  Short closeStatus() {
    return closeStatus;
  }

  /** Returns the close reason the server sent, or null while open. */
  String closeReason() {
    return closeReason;
  }
}
