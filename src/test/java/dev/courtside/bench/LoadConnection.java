package dev.courtside.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client side of one load connection: reads what the server sends straight from Netty's
 * buffers, without building frames or JSON trees, and records each data message in the
 * process's {@link LoadStats}.
 *
 * <p>Subclasses write the protocol's request when the TCP connection opens and call
 * {@link #handshakeDone} once it is ready to receive data, so the generator can start the
 * next connection.
 */
abstract class LoadConnection extends ByteToMessageDecoder {

  final Subscriber subscriber;
  final LoadStats stats;
  final String hostHeader;
  private final Runnable onSettled;
  private boolean settled;
  private boolean dropping;

  LoadConnection(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
    this.subscriber = subscriber;
    this.stats = stats;
    this.hostHeader = hostHeader;
    this.onSettled = onSettled;
  }

  @Override
  public final void channelActive(ChannelHandlerContext ctx) throws Exception {
    stats.opened.increment();
    sendRequest(ctx);
    super.channelActive(ctx);
  }

  @Override
  public final void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stats.closed.increment();
    if (!dropping) {
      stats.errors.increment();
    }
    settle();
    super.channelInactive(ctx);
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stats.errors.increment();
    ctx.close();
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    read(ctx, in);
  }

  /** Writes the first request once the TCP connection is open. */
  abstract void sendRequest(ChannelHandlerContext ctx);

  /** Consumes what can be consumed of {@code in}; the rest stays for the next read. */
  abstract void read(ChannelHandlerContext ctx, ByteBuf in);

  /** Marks the connection as closed on purpose, so its close is not counted as an error. */
  void markDropping() {
    dropping = true;
  }

  /** Reports once that this connection is ready or failed, so the next one can start. */
  void handshakeDone() {
    settle();
  }

  private void settle() {
    if (!settled) {
      settled = true;
      onSettled.run();
    }
  }

  /** Counts a protocol error and closes the connection. */
  void fail(ChannelHandlerContext ctx) {
    stats.errors.increment();
    dropping = true;
    ctx.close();
  }

  static ByteBuf ascii(ChannelHandlerContext ctx, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return ctx.alloc().buffer(bytes.length).writeBytes(bytes);
  }

  /**
   * Parses a Courtside envelope at {@code [from, to)} and records it. Returns false when the
   * text is not an envelope, such as a heartbeat or error control message.
   */
  boolean readEnvelope(ByteBuf buf, int from, int to) {
    if (!WireText.startsWith(buf, from, to, WireText.CHANNEL_START)) {
      return false;
    }
    int channelStart = from + WireText.CHANNEL_START.length;
    int channelEnd = buf.indexOf(channelStart, to, (byte) '"');
    if (channelEnd < 0) {
      return false;
    }
    int at = channelEnd + 1;
    if (WireText.startsWith(buf, at, to, WireText.EPOCH)) {
      int epochStart = at + WireText.EPOCH.length;
      int epochEnd = buf.indexOf(epochStart, to, (byte) '"');
      if (epochEnd < 0) {
        return false;
      }
      if (subscriber.epoch == null || !sameText(buf, epochStart, epochEnd, subscriber.epoch)) {
        subscriber.epoch = WireText.text(buf, epochStart, epochEnd);
      }
      at = epochEnd + 1;
    }

    if (!WireText.startsWith(buf, at, to, WireText.ENVELOPE_SEQ)) {
      return false;
    }
    long seq = WireText.parseLong(buf, at + WireText.ENVELOPE_SEQ.length, to);

    int typeAt = WireText.indexOf(buf, at, Math.min(to, at + 40), WireText.TYPE);
    boolean snapshot = typeAt >= 0 && buf.getByte(typeAt + WireText.TYPE.length) == 's';
    boolean resync = snapshot
        && WireText.indexOf(buf, typeAt, Math.min(to, typeAt + 40), WireText.RESYNC) >= 0;
    long sentMicros = snapshot ? -1 : WireText.findTimeMicros(buf, typeAt < 0 ? at : typeAt, to);
    subscriber.accept(stats, seq, snapshot, resync, sentMicros, to - from);
    return true;
  }

  private static boolean sameText(ByteBuf buf, int from, int to, String text) {
    if (to - from != text.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (buf.getByte(from + i) != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
