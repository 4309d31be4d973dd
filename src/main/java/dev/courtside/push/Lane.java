package dev.courtside.push;

import dev.courtside.model.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One thread that runs sessions, usually a Vert.x event loop. The fan-out hands each message
 * to a lane once, in one task, and the lane offers it to every session of the channel that
 * runs on it; a message that a session can write at once is written without flushing, and
 * every such session is flushed once at the end of the task.
 *
 * <p>Everything but {@link #execute} runs on the lane's own thread, so the lane keeps the
 * WebSocket frame of the message it is delivering without locks and encodes it once for all
 * of its connections.
 */
final class Lane {

  private static final Map<Object, Lane> EVENT_LOOPS = new ConcurrentHashMap<>();

  private final Executor executor;
  private final List<Session> written = new ArrayList<>();
  private Message framed;
  private ByteBuf frame;

  /** Creates a lane that runs its tasks with {@code executor}. */
  Lane(Executor executor) {
    this.executor = executor;
  }

  /**
   * Returns the lane of a Vert.x context's event loop: every connection on one event loop
   * shares it.
   */
  static Lane of(Context context) {
    Object key = context instanceof ContextInternal internal ? internal.nettyEventLoop()
        : context;
    return EVENT_LOOPS.computeIfAbsent(key, ignored -> new Lane(
        key instanceof EventLoop loop ? loop : task -> context.runOnContext(v -> task.run())));
  }

  /** Runs a task on the lane's thread. Safe from any thread. */
  void execute(Runnable task) {
    executor.execute(task);
  }

  /**
   * Offers one published message to the sessions of its channel on this lane, then flushes the
   * ones that wrote it and tells the observer how many did, per transport.
   */
  void deliver(Message message, Set<Session> sessions, DeliveryObserver observer) {
    for (Session session : sessions) {
      if (session.push(message)) {
        written.add(session);
      }
    }
    if (written.isEmpty()) {
      return;
    }
    String transport = written.get(0).transport();
    int count = 0;
    for (Session session : written) {
      session.flushPushed();
      if (!session.transport().equals(transport)) {
        observer.sent(transport, message, count);
        transport = session.transport();
        count = 0;
      }
      count++;
    }
    observer.sent(transport, message, count);
    written.clear();
  }

  /**
   * Returns the WebSocket text frame of a message, ready for the socket: a duplicate of one
   * buffer that the lane encodes once per message, retained for the caller's write.
   */
  ByteBuf webSocketFrame(Message message, ByteBufAllocator allocator) {
    if (message != framed) {
      if (frame != null) {
        frame.release();
      }
      frame = encodeTextFrame(message.json(), allocator);
      framed = message;
    }
    return frame.retainedDuplicate();
  }

  /** Encodes a final, unmasked text frame as a server sends it (RFC 6455 section 5.2). */
  static ByteBuf encodeTextFrame(String text, ByteBufAllocator allocator) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    ByteBuf buffer = allocator.directBuffer(header + length);
    buffer.writeByte(0x81);
    if (length < 126) {
      buffer.writeByte(length);
    } else if (length < 65_536) {
      buffer.writeByte(126);
      buffer.writeShort(length);
    } else {
      buffer.writeByte(127);
      buffer.writeLong(length);
    }
    buffer.writeBytes(payload);
    return buffer;
  }
}
