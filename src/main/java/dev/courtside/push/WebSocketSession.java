package dev.courtside.push;

import dev.courtside.model.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A session on a WebSocket: one envelope per text frame.
 *
 * <p>Channel messages skip Vert.x's per-message write path: the lane encodes each message's
 * frame once, every connection writes a duplicate of that buffer to its Netty channel without
 * flushing, and one flush ends each batch. Control messages (errors, pongs, heartbeats) and the
 * close go through Vert.x as usual.
 */
final class WebSocketSession extends Session {

  private static final String WRITABILITY_HANDLER = "courtside-writability";

  private final ServerWebSocket socket;
  private final Context context;
  private final Lane lane;
  private final ChannelHandlerContext channel;
  volatile long lastHeardNanos = System.nanoTime();
  /** When the session monitor last pinged; touched by the monitor only. */
  long lastPingNanos = System.nanoTime();
  int errors;
  /** Subscribe messages this connection may still send, or null when there is no limit. */
  TokenBucket subscribeRate;
  /** The message whose frames are arriving, or null between messages. */
  FragmentedMessage message;

  /**
   * Creates the session; called on the connection's event loop.
   *
   * @param netty the connection's Netty channel, or null to write through Vert.x only
   */
  WebSocketSession(FanOut fanOut, int maxQueued, ServerWebSocket socket, Context context,
      Channel netty) {
    super(fanOut, maxQueued);
    this.socket = socket;
    this.context = context;
    this.lane = fanOut.laneOf(context);
    // Frames are written from the WebSocket encoder's place in the pipeline, so they pass only
    // the handlers below it (TLS among them) and none of the HTTP connection's above it.
    this.channel = netty == null ? null : netty.pipeline().context(WebSocketFrameEncoder.class);
    if (channel != null) {
      // Direct writes bypass Vert.x's write queue, so its drain handler would not see them.
      channel.pipeline().addBefore(channel.name(), WRITABILITY_HANDLER, new DrainListener());
    } else {
      socket.drainHandler(ignored -> scheduleDrain());
    }
  }

  @Override
  public String transport() {
    return "ws";
  }

  @Override
  Lane lane() {
    return lane;
  }

  @Override
  protected void execute(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  @Override
  protected boolean writable() {
    if (socket.isClosed()) {
      return false;
    }
    return channel == null ? !socket.writeQueueFull() : channel.channel().isWritable();
  }

  @Override
  protected void write(Message message) {
    if (channel == null) {
      socket.writeTextMessage(message.json());
    } else {
      channel.write(lane.webSocketFrame(message, channel.alloc()), channel.voidPromise());
    }
  }

  @Override
  protected void drained() {
    if (channel != null) {
      channel.flush();
    }
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

  /** Resumes the drain when the Netty channel can take writes again. */
  private final class DrainListener extends ChannelInboundHandlerAdapter {

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        scheduleDrain();
      }
      ctx.fireChannelWritabilityChanged();
    }
  }
}
