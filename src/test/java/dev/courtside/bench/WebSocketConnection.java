package dev.courtside.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client connection (RFC 6455) that parses frames in place: the upgrade request,
 * unmasked server frames, masked client frames, and pong replies to pings. Subclasses handle
 * the text messages of one dialect.
 */
abstract class WebSocketConnection extends LoadConnection {

  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;
  private static final int OPCODE_CLOSE = 0x8;
  private static final int OPCODE_PING = 0x9;
  private static final int OPCODE_PONG = 0xA;

  private final String path;
  private boolean upgraded;

  WebSocketConnection(Subscriber subscriber, LoadStats stats, String hostHeader, String path,
      Runnable onSettled) {
    super(subscriber, stats, hostHeader, onSettled);
    this.path = path;
  }

  @Override
  final void sendRequest(ChannelHandlerContext ctx) {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    ctx.writeAndFlush(ascii(ctx, "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n"));
  }

  @Override
  final void read(ChannelHandlerContext ctx, ByteBuf in) {
    if (!upgraded && !readUpgrade(ctx, in)) {
      return;
    }
    while (ctx.channel().isActive()) {
      int start = in.readerIndex();
      int readable = in.readableBytes();
      if (readable < 2) {
        return;
      }
      int first = in.getUnsignedByte(start);
      int second = in.getUnsignedByte(start + 1);
      long length = second & 0x7F;
      int header = 2;
      if (length == 126) {
        if (readable < 4) {
          return;
        }
        length = in.getUnsignedShort(start + 2);
        header = 4;
      } else if (length == 127) {
        if (readable < 10) {
          return;
        }
        length = in.getLong(start + 2);
        header = 10;
      }
      if ((second & 0x80) != 0) {
        // RFC 6455 section 5.1: a server must not mask frames.
        fail(ctx);
        return;
      }
      if (length > Integer.MAX_VALUE - header || readable < header + length) {
        return;
      }
      int payload = start + header;
      int end = payload + (int) length;
      onFrame(ctx, first, in, payload, end);
      in.readerIndex(end);
    }
  }

  private boolean readUpgrade(ChannelHandlerContext ctx, ByteBuf in) {
    int start = in.readerIndex();
    int headerEnd = WireText.indexOf(in, start, in.writerIndex(), WireText.HEADER_END);
    if (headerEnd < 0) {
      return false;
    }
    if (!WireText.startsWith(in, start, headerEnd, WireText.bytes("HTTP/1.1 101"))) {
      fail(ctx);
      return false;
    }
    in.readerIndex(headerEnd + WireText.HEADER_END.length);
    upgraded = true;
    onOpen(ctx);
    return true;
  }

  private void onFrame(ChannelHandlerContext ctx, int first, ByteBuf in, int from, int to) {
    int opcode = first & 0x0F;
    switch (opcode) {
      case OPCODE_TEXT, OPCODE_BINARY -> onText(ctx, in, from, to);
      case OPCODE_CONTINUATION, OPCODE_PONG -> {
        // A fragmented message is counted at its first frame, which contains the envelope
        // header and, for deltas, the publish time.
      }
      case OPCODE_PING -> sendFrame(ctx, OPCODE_PONG, in, from, to);
      case OPCODE_CLOSE -> ctx.close();
      default -> fail(ctx);
    }
  }

  /** Called once the server accepted the upgrade. */
  abstract void onOpen(ChannelHandlerContext ctx);

  /** Handles one text message, or the first frame of a fragmented one. */
  abstract void onText(ChannelHandlerContext ctx, ByteBuf buf, int from, int to);

  /** Sends a masked text frame. */
  void sendText(ChannelHandlerContext ctx, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf payload = ctx.alloc().buffer(bytes.length).writeBytes(bytes);
    try {
      sendFrame(ctx, OPCODE_TEXT, payload, 0, bytes.length);
    } finally {
      payload.release();
    }
  }

  /** Sends a masked frame with the bytes {@code [from, to)} of {@code source}. */
  private static void sendFrame(ChannelHandlerContext ctx, int opcode, ByteBuf source, int from,
      int to) {
    int length = to - from;
    ByteBuf frame = ctx.alloc().buffer(length + 14);
    frame.writeByte(0x80 | opcode);
    if (length < 126) {
      frame.writeByte(0x80 | length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(0x80 | 126);
      frame.writeShort(length);
    } else {
      frame.writeByte(0x80 | 127);
      frame.writeLong(length);
    }
    int mask = ThreadLocalRandom.current().nextInt();
    frame.writeInt(mask);
    for (int i = 0; i < length; i++) {
      int maskByte = (mask >>> (24 - 8 * (i & 3))) & 0xFF;
      frame.writeByte(source.getByte(from + i) ^ maskByte);
    }
    ctx.writeAndFlush(frame);
  }

  /** Courtside's {@code /ws}: subscribes to one channel, resuming from its position. */
  static final class Courtside extends WebSocketConnection {

    Courtside(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
      super(subscriber, stats, hostHeader, "/ws", onSettled);
    }

    @Override
    void onOpen(ChannelHandlerContext ctx) {
      String entry = subscriber.epoch == null || subscriber.lastSeq < 0
          ? "{\"channel\":\"" + subscriber.channel + "\"}"
          : "{\"channel\":\"" + subscriber.channel + "\",\"epoch\":\"" + subscriber.epoch
              + "\",\"seq\":" + subscriber.lastSeq + "}";
      sendText(ctx, "{\"type\":\"subscribe\",\"channels\":[" + entry + "]}");
      handshakeDone();
    }

    @Override
    void onText(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
      if (readEnvelope(buf, from, to)) {
        return;
      }
      if (WireText.startsWith(buf, from, to, WireText.bytes("{\"type\":\"error\""))) {
        stats.errors.increment();
      }
    }
  }

  /** The bare broadcast server: {@code /ws/CHANNEL}, each message a payload. */
  static final class Bare extends WebSocketConnection {

    Bare(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
      super(subscriber, stats, hostHeader, "/ws/" + subscriber.channel, onSettled);
    }

    @Override
    void onOpen(ChannelHandlerContext ctx) {
      handshakeDone();
    }

    @Override
    void onText(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
      readPayload(this, buf, from, to, to - from);
    }
  }

  /**
   * A Socket.IO 4 client over a plain WebSocket: Engine.IO v4 packets ({@code 0} open,
   * {@code 2} ping with the reply {@code 3}, {@code 4} message) carrying Socket.IO v5 packets
   * ({@code 0} connect, {@code 2} event, {@code 4} connect error). With connection state
   * recovery on the server, the connect packet carries the session id and the offset of the
   * last event received, and the server replays what was missed.
   */
  static final class SocketIo extends WebSocketConnection {

    private static final byte[] PID = WireText.bytes("\"pid\":\"");
    private final byte[] offset = new byte[64];
    private int offsetLength;

    SocketIo(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
      super(subscriber, stats, hostHeader, "/socket.io/?EIO=4&transport=websocket", onSettled);
    }

    @Override
    void onOpen(ChannelHandlerContext ctx) {
      // The server speaks first, with the Engine.IO open packet.
    }

    @Override
    void onText(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
      if (to - from < 1) {
        return;
      }
      byte engineType = buf.getByte(from);
      if (engineType == '2') {
        sendText(ctx, "3");
      } else if (engineType == '0') {
        sendConnect(ctx);
      } else if (engineType == '4' && to - from >= 2) {
        onSocketPacket(ctx, buf.getByte(from + 1), buf, from + 2, to);
      } else if (engineType == '1') {
        ctx.close();
      }
    }

    private void sendConnect(ChannelHandlerContext ctx) {
      if (subscriber.recoveryPid != null && subscriber.recoveryOffset != null) {
        sendText(ctx, "40{\"pid\":\"" + subscriber.recoveryPid + "\",\"offset\":\""
            + subscriber.recoveryOffset + "\"}");
      } else {
        sendText(ctx, "40");
      }
    }

    private void onSocketPacket(ChannelHandlerContext ctx, byte type, ByteBuf buf, int from,
        int to) {
      switch (type) {
        case '0' -> {
          int pidAt = WireText.indexOf(buf, from, to, PID);
          if (pidAt >= 0) {
            int start = pidAt + PID.length;
            int end = buf.indexOf(start, to, (byte) '"');
            subscriber.recoveryPid = end < 0 ? null : WireText.text(buf, start, end);
          }
          sendText(ctx, "42[\"subscribe\",\"" + subscriber.channel + "\"]");
          handshakeDone();
        }
        case '2' -> {
          readPayload(this, buf, from, to, to - from);
          rememberOffset(buf, from, to);
        }
        case '4', '1' -> fail(ctx);
        default -> {
          // Acks and binary events are not used by the peer server.
        }
      }
    }

    /** Keeps the last argument of {@code ["update",{...},"OFFSET"]} without allocating. */
    private void rememberOffset(ByteBuf buf, int from, int to) {
      if (to - from < 3 || buf.getByte(to - 1) != ']' || buf.getByte(to - 2) != '"') {
        return;
      }
      int end = to - 2;
      int start = end - 1;
      while (start > from && buf.getByte(start) != '"') {
        start--;
      }
      int length = end - start - 1;
      if (length <= 0 || length > offset.length) {
        return;
      }
      buf.getBytes(start + 1, offset, 0, length);
      offsetLength = length;
    }

    @Override
    void markDropping() {
      super.markDropping();
      if (offsetLength > 0) {
        subscriber.recoveryOffset = new String(offset, 0, offsetLength, StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * Records a peer payload: the first {@code "seq":} number is the channel position and the
   * first {@code "time":} the publish time.
   */
  static void readPayload(LoadConnection connection, ByteBuf buf, int from, int to, int size) {
    int seqAt = WireText.indexOf(buf, from, to, WireText.SEQ);
    long seq = seqAt < 0 ? -1 : WireText.parseLong(buf, seqAt + WireText.SEQ.length, to);
    long sentMicros = WireText.findTimeMicros(buf, from, to);
    connection.subscriber.accept(connection.stats, seq, false, false, sentMicros, size);
  }
}
