package dev.courtside.push;

import dev.courtside.model.Message;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/** A session on a WebSocket: one envelope per text frame. */
final class WebSocketSession extends Session {

  private final ServerWebSocket socket;
  private final Context context;
  volatile long lastHeardNanos = System.nanoTime();
  int errors;
  /** Subscribe messages this connection may still send, or null when there is no limit. */
  TokenBucket subscribeRate;
  /** The message whose frames are arriving, or null between messages. */
  FragmentedMessage message;

  WebSocketSession(FanOut fanOut, int maxQueued, ServerWebSocket socket, Context context) {
    super(fanOut, maxQueued);
    this.socket = socket;
    this.context = context;
    socket.drainHandler(ignored -> scheduleDrain());
  }

  @Override
  public String transport() {
    return "ws";
  }

  @Override
  protected void execute(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  @Override
  protected boolean writable() {
    return !socket.isClosed() && !socket.writeQueueFull();
  }

  @Override
  protected void write(Message message) {
    socket.writeTextMessage(message.json());
  }

  @Override
  protected void writeControl(String json) {
    socket.writeTextMessage(json);
  }

  /** Writes a control message now; called on the connection's thread. */
  void writeControlNow(String json) {
    if (!isClosed()) {
      writeControl(json);
    }
  }

  /** Sends a WebSocket ping frame, which browsers reply to with a pong on their own. */
  void ping() {
    execute(() -> {
      if (!isClosed()) {
        socket.writePing(Buffer.buffer("hb"));
      }
    });
  }

  @Override
  public void close(String code, String reason) {
    execute(() -> {
      if (isClosed()) {
        return;
      }
      // RFC 6455 section 7.4.1: 1008 is a policy violation, 1001 "going away".
      short status = "shutdown".equals(code) ? (short) 1001 : (short) 1008;
      String text = code + ": " + reason;
      // RFC 6455 section 5.5: a close reason fits in 123 bytes.
      socket.close(status, text.length() > 120 ? text.substring(0, 120) : text);
      closed();
    });
  }

  void onClosed() {
    closed();
  }
}
