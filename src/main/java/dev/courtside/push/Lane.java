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
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread that runs sessions, usually a Vert.x event loop. The fan-out hands each message
 * to a lane once, and the lane offers it to every session of the channel that runs on it; a
 * message that a session can write at once is written without flushing, and every such
 * session is flushed once at the end of the batch.
 *
 * <p>Everything but {@link #offer} runs on the lane's own thread, so the lane keeps the
 * WebSocket frame of the message it is delivering without locks and encodes it once for all
 * of its connections.
 */
final class Lane {

  private static final Map<Object, Lane> EVENT_LOOPS = new ConcurrentHashMap<>();

  /** Messages delivered in one task before the connections are flushed. */
  private static final int BATCH = 64;

  private final Executor executor;
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
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

  /**
   * Queues a published message for the sessions of its channel on this lane. Safe from any
   * thread; one task on the lane's thread delivers whatever is queued by the time it runs.
   */
  void offer(Message message, Set<Session> sessions, DeliveryObserver observer) {
    pending.add(new Pending(message, sessions, observer));
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::run);
    }
  }

  /**
   * Delivers up to {@link #BATCH} queued messages, then flushes each connection that wrote any
   * of them once, so a busy channel costs one system call per connection and batch rather than
   * per message. A longer queue continues in a new task, letting the event loop read sockets
   * in between.
   */
  private void run() {
    scheduled.set(false);
    Pending next;
    int delivered = 0;
    while (delivered < BATCH && (next = pending.poll()) != null) {
      deliver(next.message(), next.sessions(), next.observer());
      delivered++;
    }
    for (Session session : written) {
      session.flushPushed();
    }
    written.clear();
    if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
      executor.execute(this::run);
    }
  }

  /**
   * Offers one message to the sessions of its channel on this lane and tells the observer how
   * many wrote it, per transport. The ones that wrote it wait in {@link #written} for a flush.
   */
  private void deliver(Message message, Set<Session> sessions, DeliveryObserver observer) {
    String transport = null;
    int count = 0;
    for (Session session : sessions) {
      if (!session.push(message)) {
        continue;
      }
      if (!session.awaitingFlush) {
        session.awaitingFlush = true;
        written.add(session);
      }
      if (!session.transport().equals(transport)) {
        if (count > 0) {
          observer.sent(transport, message, count);
        }
        transport = session.transport();
        count = 0;
      }
      count++;
    }
    if (count > 0) {
      observer.sent(transport, message, count);
    }
  }

  /** A message waiting for its lane, with the sessions of its channel there. */
  private record Pending(Message message, Set<Session> sessions, DeliveryObserver observer) {}

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
