package dev.courtside.push;

import dev.courtside.model.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A session on a WebSocket: one envelope per text frame, written straight to the connection's
 * Netty channel.
 *
 * <p>The lane encodes each channel message's frame once; every connection writes a duplicate of
 * that buffer without flushing, and one flush ends each batch. Control messages (errors, pongs,
 * heartbeats) are framed and flushed one by one. Frames go out from the WebSocket encoder's
 * place in the pipeline, so they pass only the handlers below it (TLS among them).
 */
final class WebSocketSession extends Session {

  /** How long a close waits for the client's close frame before the TCP connection ends. */
  private static final long CLOSING_TIMEOUT_MS = 5_000;

  private static final byte[] PING_PAYLOAD = "hb".getBytes(StandardCharsets.US_ASCII);

  private final Context context;
  private final Lane lane;
  private final Channel channel;
  private final ChannelHandlerContext encoder;
  volatile long lastHeardNanos = System.nanoTime();
  /** When the session monitor last pinged; touched by the monitor only. */
  long lastPingNanos = System.nanoTime();
  int errors;
  /** Subscribe messages this connection may still send, or null when there is no limit. */
  TokenBucket subscribeRate;
  /** The message whose frames are arriving, or null between messages. */
  FragmentedMessage message;
  /** True once a close frame went out; touched on the connection's event loop only. */
  private boolean closeSent;
  private ScheduledFuture<?> closingTimeout;

  /**
   * Creates the session; called on the connection's event loop once the handshake is done.
   *
   * @param channel the upgraded connection, whose pipeline has the WebSocket encoder
   */
  WebSocketSession(FanOut fanOut, int maxQueued, Context context, Channel channel) {
    super(fanOut, maxQueued);
    this.context = context;
    this.lane = fanOut.laneOf(context);
    this.channel = channel;
    this.encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
    if (encoder == null) {
      throw new IllegalStateException("Channel " + channel + " has no WebSocket encoder");
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
    return !isClosed() && channel.isWritable();
  }

  @Override
  protected void write(Message message) {
    encoder.write(lane.webSocketFrame(message, encoder.alloc()), encoder.voidPromise());
  }

  @Override
  protected void drained() {
    encoder.flush();
    if (!channel.isWritable()) {
      // Writes that filled the buffers mark the connection blocked even when nothing else
      // waits, because Netty reports the change to unwritable only once.
      markBlocked();
    }
  }

  @Override
  protected void writeControl(String json) {
    encoder.writeAndFlush(Lane.encodeTextFrame(json, encoder.alloc()), encoder.voidPromise());
  }

  /** Writes a control message now; called on the connection's thread. */
  void writeControlNow(String json) {
    if (!isClosed()) {
      writeControl(json);
    }
  }

  /**
   * Writes a reply to a client's ping now, or drops it while the connection cannot take
   * writes, so a client that sends pings without reading cannot make the server buffer
   * replies. Called on the connection's thread.
   */
  void reply(WebSocketFrame frame) {
    if (isClosed() || !channel.isWritable()) {
      frame.release();
      return;
    }
    channel.writeAndFlush(frame, channel.voidPromise());
  }

  /** Sends a WebSocket ping frame, which browsers reply to with a pong on their own. */
  void ping() {
    execute(() -> {
      if (!isClosed()) {
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING_PAYLOAD)),
            channel.voidPromise());
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
      int status = "shutdown".equals(code) ? 1001 : 1008;
      String text = code + ": " + reason;
      // RFC 6455 section 5.5: a close reason fits in 123 bytes.
      sendClose(status, text.length() > 120 ? text.substring(0, 120) : text);
    });
  }

  /**
   * Fails the connection after the decoder refused a frame (RFC 6455 section 7.1.7): sends a
   * close frame with the status and ends TCP without waiting for a reply. Called on the
   * connection's thread.
   */
  void closeAfterProtocolError(int status, String reason) {
    if (closeSent) {
      channel.close();
      return;
    }
    closeSent = true;
    closed();
    endAfterWrite(new CloseWebSocketFrame(status, reason));
  }

  /**
   * Sends the close frame that starts the closing handshake, and ends the TCP connection when
   * the client replies or after {@link #CLOSING_TIMEOUT_MS}.
   */
  private void sendClose(int status, String reason) {
    closeSent = true;
    closed();
    channel.writeAndFlush(new CloseWebSocketFrame(status, reason));
    startClosingTimeout();
  }

  /**
   * Writes a last frame and ends the connection once it is written, or after
   * {@link #CLOSING_TIMEOUT_MS} when a client that does not read keeps it from being written.
   */
  private void endAfterWrite(CloseWebSocketFrame frame) {
    channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    startClosingTimeout();
  }

  private void startClosingTimeout() {
    if (closingTimeout == null) {
      closingTimeout = channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_MS,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Handles the client's close frame: ends a closing handshake the server started, or replies
   * with the same status and ends the connection (RFC 6455 section 5.5.1).
   *
   * @param status the client's status code, or -1 when its frame has none
   */
  void onCloseFrame(int status) {
    if (closeSent) {
      channel.close();
      return;
    }
    closeSent = true;
    closed();
    endAfterWrite(status < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, ""));
  }

  /** Ends the session once the channel is closed; called on the connection's thread. */
  void onClosed() {
    if (closingTimeout != null) {
      closingTimeout.cancel(false);
      closingTimeout = null;
    }
    closed();
  }
}
