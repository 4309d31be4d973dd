package dev.courtside.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 client connection for Courtside's SSE and long-polling transports. It parses
 * the status line and headers, then a body framed by {@code Content-Length} or by chunked
 * transfer coding, and hands the body bytes to the subclass as they arrive.
 */
abstract class HttpConnection extends LoadConnection {

  private enum State { HEADERS, CHUNK_SIZE, CHUNK_DATA, LENGTH_BODY }

  private State state = State.HEADERS;
  private long remaining;

  HttpConnection(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
    super(subscriber, stats, hostHeader, onSettled);
  }

  /** Writes a GET request for {@code target} on this connection. */
  void sendGet(ChannelHandlerContext ctx, String target, String extraHeaders) {
    ctx.writeAndFlush(ascii(ctx, "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\n" + extraHeaders + "\r\n"));
  }

  /** Returns {@code channel|epoch|seq} of the subscriber, or null before its first message. */
  String position() {
    if (subscriber.epoch == null || subscriber.lastSeq < 0) {
      return null;
    }
    return subscriber.channel + "|" + subscriber.epoch + "|" + subscriber.lastSeq;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  final void read(ChannelHandlerContext ctx, ByteBuf in) {
    while (ctx.channel().isActive() && in.isReadable()) {
      int start = in.readerIndex();
      int end = in.writerIndex();
      switch (state) {
        case HEADERS -> {
          int headerEnd = WireText.indexOf(in, start, end, WireText.HEADER_END);
          if (headerEnd < 0) {
            return;
          }
          if (!WireText.startsWith(in, start, headerEnd, WireText.bytes("HTTP/1.1 200"))) {
            fail(ctx);
            return;
          }
          if (WireText.indexOfIgnoreCase(in, start, headerEnd, WireText.CHUNKED) >= 0) {
            state = State.CHUNK_SIZE;
          } else {
            int lengthAt = WireText.indexOfIgnoreCase(in, start, headerEnd,
                WireText.CONTENT_LENGTH);
            if (lengthAt < 0) {
              fail(ctx);
              return;
            }
            remaining = WireText.parseLong(in, lengthAt + WireText.CONTENT_LENGTH.length,
                headerEnd);
            state = State.LENGTH_BODY;
          }
          in.readerIndex(headerEnd + WireText.HEADER_END.length);
          onHeaders(ctx);
          if (state == State.LENGTH_BODY && remaining == 0) {
            state = State.HEADERS;
            onBodyEnd(ctx);
          }
        }
        case CHUNK_SIZE -> {
          int lineEnd = WireText.indexOf(in, start, end, WireText.LINE_END);
          if (lineEnd < 0) {
            return;
          }
          long size = WireText.parseHex(in, start, lineEnd);
          in.readerIndex(lineEnd + 2);
          if (size < 0) {
            fail(ctx);
            return;
          }
          if (size == 0) {
            // The last chunk: skip the empty trailer line.
            if (in.readableBytes() < 2) {
              state = State.CHUNK_DATA;
              remaining = -2;
              return;
            }
            in.skipBytes(2);
            state = State.HEADERS;
            onBodyEnd(ctx);
          } else {
            remaining = size;
            state = State.CHUNK_DATA;
          }
        }
        case CHUNK_DATA -> {
          if (remaining == -2) {
            if (in.readableBytes() < 2) {
              return;
            }
            in.skipBytes(2);
            state = State.HEADERS;
            onBodyEnd(ctx);
            continue;
          }
          if (in.readableBytes() < remaining + 2) {
            return;
          }
          onBody(ctx, in, start, start + (int) remaining);
          in.readerIndex(start + (int) remaining + 2);
          state = State.CHUNK_SIZE;
        }
        case LENGTH_BODY -> {
          if (in.readableBytes() < remaining) {
            return;
          }
          onBody(ctx, in, start, start + (int) remaining);
          in.readerIndex(start + (int) remaining);
          state = State.HEADERS;
          onBodyEnd(ctx);
        }
        default -> throw new IllegalStateException("Unknown state " + state);
      }
    }
  }

  /** Called when the response headers arrived with status 200. */
  abstract void onHeaders(ChannelHandlerContext ctx);

  /** Called with each piece of the body: a chunk, or the whole {@code Content-Length} body. */
  abstract void onBody(ChannelHandlerContext ctx, ByteBuf buf, int from, int to);

  /** Called when the response is complete. */
  abstract void onBodyEnd(ChannelHandlerContext ctx);

  /**
   * Courtside's {@code /events}: one long response whose events are separated by a blank
   * line. Event text is collected across chunks, so an event split over two chunks still
   * counts once.
   */
  static final class Sse extends HttpConnection {

    private ByteBuf events;

    Sse(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
      super(subscriber, stats, hostHeader, onSettled);
    }

    @Override
    void sendRequest(ChannelHandlerContext ctx) {
      String position = position();
      String resume = position == null ? "" : "Last-Event-ID: " + position + "\r\n";
      sendGet(ctx, "/events?channel=" + encode(subscriber.channel),
          "Accept: text/event-stream\r\n" + resume);
    }

    @Override
    void onHeaders(ChannelHandlerContext ctx) {
      events = ctx.alloc().buffer(1024);
      handshakeDone();
    }

    @Override
    void onBody(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
      events.writeBytes(buf, from, to - from);
      while (true) {
        int start = events.readerIndex();
        int end = WireText.indexOf(events, start, events.writerIndex(), WireText.EVENT_END);
        if (end < 0) {
          break;
        }
        int data = WireText.indexOf(events, start, end, WireText.DATA);
        if (data >= 0) {
          readEnvelope(events, data + WireText.DATA.length, end);
        }
        events.readerIndex(end + WireText.EVENT_END.length);
      }
      events.discardReadBytes();
    }

    @Override
    void onBodyEnd(ChannelHandlerContext ctx) {
      ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      if (events != null) {
        events.release();
        events = null;
      }
    }
  }

  /**
   * Courtside's {@code /poll}: polls again on the same connection as soon as a response
   * arrives, with the {@code after} positions of that response.
   */
  static final class Poll extends HttpConnection {

    private ByteBuf body;
    private String after;

    Poll(Subscriber subscriber, LoadStats stats, String hostHeader, Runnable onSettled) {
      super(subscriber, stats, hostHeader, onSettled);
    }

    @Override
    void sendRequest(ChannelHandlerContext ctx) {
      after = position();
      poll(ctx);
    }

    private void poll(ChannelHandlerContext ctx) {
      String target = "/poll?channel=" + encode(subscriber.channel)
          + (after == null ? "" : "&after=" + encode(after));
      sendGet(ctx, target, "");
    }

    @Override
    void onHeaders(ChannelHandlerContext ctx) {
      if (body == null) {
        body = ctx.alloc().buffer(1024);
      }
      body.clear();
      handshakeDone();
    }

    @Override
    void onBody(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
      body.writeBytes(buf, from, to - from);
    }

    @Override
    void onBodyEnd(ChannelHandlerContext ctx) {
      int end = body.writerIndex();
      int at = body.readerIndex();
      while (true) {
        int envelope = WireText.indexOf(body, at, end, WireText.CHANNEL_START);
        if (envelope < 0) {
          break;
        }
        int next = WireText.indexOf(body, envelope + 1, end, WireText.CHANNEL_START);
        readEnvelope(body, envelope, next < 0 ? end : next);
        at = next < 0 ? end : next;
      }
      int afterAt = WireText.indexOf(body, body.readerIndex(), end, WireText.AFTER);
      if (afterAt >= 0) {
        int start = afterAt + WireText.AFTER.length;
        int close = body.indexOf(start, end, (byte) '"');
        if (close > start) {
          after = WireText.text(body, start, close);
        }
      }
      poll(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      if (body != null) {
        body.release();
        body = null;
      }
    }
  }
}
