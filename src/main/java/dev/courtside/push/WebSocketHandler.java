package dev.courtside.push;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded WebSocket's Netty pipeline: it takes the place of Vert.x's
 * WebSocket once the handshake is done, so a connection keeps only its Netty channel and its
 * session, not Vert.x's per-connection message queues.
 *
 * <p>It replies to pings, completes the closing handshake (RFC 6455 section 5.5.1), hands data
 * frames to the transport and ends the session when the channel closes.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);

  private final WebSocketTransport transport;
  private final WebSocketSession session;
  private final Runnable onClosed;

  /**
   * Creates the handler of one connection.
   *
   * @param onClosed runs once when the channel closes, however it closes
   */
  WebSocketHandler(WebSocketTransport transport, WebSocketSession session, Runnable onClosed) {
    this.transport = transport;
    this.session = session;
    this.onClosed = onClosed;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      // After the upgrade only frames are expected; anything else is dropped.
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      session.lastHeardNanos = System.nanoTime();
      if (frame instanceof PingWebSocketFrame) {
        session.reply(new PongWebSocketFrame(frame.content().retain()));
      } else if (frame instanceof CloseWebSocketFrame close) {
        session.onCloseFrame(close.statusCode());
      } else if (!(frame instanceof PongWebSocketFrame)) {
        transport.onFrame(session, frame);
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      session.scheduleDrain();
    } else {
      // Counted from now by the slow-client check.
      session.markBlocked();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    onClosed.run();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ClosedChannelException) {
      // A write that was still waiting when the connection closed; the close was logged.
      return;
    }
    if (cause instanceof IOException || cause instanceof CorruptedWebSocketFrameException) {
      log.debug("connection failed conn={} error={}", session.id(), cause.toString());
    } else {
      log.warn("connection failed conn={} error={}", session.id(), cause.toString(), cause);
    }
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      // A frame past the size limit (1009) or one that breaks the protocol (1002).
      session.closeAfterProtocolError(corrupted.closeStatus().code(),
          corrupted.closeStatus().reasonText());
    } else {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // Vert.x announces a server shutdown here, and the session monitor has already sent the
    // client its reconnect message.
    ReferenceCountUtil.release(event);
  }
}
