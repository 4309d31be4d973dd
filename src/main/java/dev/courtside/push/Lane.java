package dev.courtside.push;

import dev.courtside.model.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread that runs sessions, usually a Vert.x event loop. The fan-out hands each message
 * to a lane once, and the lane offers it to every session of the channel that runs on it. A
 * session that can take the message at once writes it without flushing, and every such
 * session is flushed once at the end of the batch.
 *
 * <p>Everything but {@link #offer} runs on the lane's own thread, so the lane keeps the
 * WebSocket frame of the message it is delivering without locks and encodes it once for all
 * of its connections.
 */
final class Lane {

  /** Messages times sessions offered in one task before the connections are flushed. */
  static final int BUDGET = 4096;

  /** Messages of one channel that go to each session before its flush, at most. */
  private static final int MAX_BATCH = 32;

  /** Messages that may wait for a lane before it skips them for snapshots. */
  static final int MAX_WAITING = 256;

  private final Executor executor;
  private final Executor afterIo;
  private final FanOut fanOut;
  private final AtomicInteger waiting = new AtomicInteger();
  /** Resync snapshots that replace skipped messages, delivered before anything newer. */
  private final Queue<Pending> snapshots = new ArrayDeque<>();
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final List<Session> written = new ArrayList<>();
  /** The pending entry whose sessions get {@link #batch}: its last message. */
  private Pending current;
  private final List<Message> batch = new ArrayList<>();
  private Iterator<Session> cursor;
  private String countedTransport;
  private int counted;
  private boolean running;
  private Message framed;
  private ByteBuf frame;

  /**
   * Creates a lane.
   *
   * @param executor runs the lane's tasks on its thread
   * @param fanOut the source of snapshots when the lane falls behind
   */
  Lane(Executor executor, FanOut fanOut) {
    this(executor, executor, fanOut);
  }

  /**
   * Creates a lane whose thread also handles I/O.
   *
   * @param executor runs the lane's tasks on its thread
   * @param afterIo runs a task on the same thread once the thread has handled pending I/O
   * @param fanOut the source of snapshots when the lane falls behind
   */
  Lane(Executor executor, Executor afterIo, FanOut fanOut) {
    this.executor = executor;
    this.afterIo = afterIo;
    this.fanOut = fanOut;
  }

  /**
   * Returns the lane of a Vert.x context's event loop from {@code lanes}, creating it on first
   * use, so every connection on one event loop shares one lane.
   */
  static Lane of(Context context, Map<Object, Lane> lanes, FanOut fanOut) {
    Object key = context instanceof ContextInternal internal ? internal.nettyEventLoop()
        : context;
    return lanes.computeIfAbsent(key, ignored -> {
      if (key instanceof EventLoop loop) {
        // Between two rounds of I/O, Netty runs queued tasks for up to a second but takes
        // scheduled ones in only at the start, so a task scheduled now waits for the next I/O.
        return new Lane(loop, task -> loop.schedule(task, 0, TimeUnit.NANOSECONDS), fanOut);
      }
      return new Lane(task -> context.runOnContext(v -> task.run()), fanOut);
    });
  }

  /**
   * Queues a published message for the sessions of its channel on this lane. Safe from any
   * thread. One task on the lane's thread delivers whatever is queued by the time it runs.
   */
  void offer(Message message, Set<Session> sessions) {
    pending.add(new Pending(message, sessions));
    waiting.incrementAndGet();
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::run);
    }
  }

  /**
   * Offers queued messages to their sessions, up to {@link #BUDGET} messages times sessions,
   * then flushes each connection that wrote once. Messages of one channel that wait together
   * go to each session as one batch, so a channel publishing faster than the lane delivers
   * costs one system call per connection and batch rather than per message. The rest
   * continues in a new task after the event loop's next round of I/O, in the same order, so
   * an overloaded lane still lets the loop read sockets and serve requests in between.
   */
  private void run() {
    scheduled.set(false);
    running = true;
    try {
      deliverBatches();
    } finally {
      running = false;
      // Released at the end of each task, so no pooled buffer outlives the lane's work.
      if (frame != null) {
        frame.release();
        frame = null;
        framed = null;
      }
    }
    if ((cursor != null || !snapshots.isEmpty() || !pending.isEmpty())
        && scheduled.compareAndSet(false, true)) {
      afterIo.execute(this::run);
    }
  }

  private void deliverBatches() {
    if (cursor == null && waiting.get() > MAX_WAITING) {
      skipToSnapshots();
    }
    int budget = BUDGET;
    while (budget > 0) {
      if (cursor == null) {
        Pending first = next();
        if (first == null) {
          break;
        }
        current = first;
        batch.clear();
        batch.add(first.message());
        // Only messages of the same channel (the same session set) join a batch, in order.
        Pending following;
        while (batch.size() < MAX_BATCH && (following = pending.peek()) != null
            && following.sessions() == first.sessions() && snapshots.isEmpty()) {
          batch.add(next().message());
          current = following;
        }
        cursor = current.sessions().iterator();
      }
      while (budget > 0 && cursor.hasNext()) {
        offerTo(cursor.next());
        budget -= batch.size();
      }
      if (!cursor.hasNext()) {
        report();
        cursor = null;
        current = null;
      }
    }
    for (Session session : written) {
      session.flushPushed();
    }
    written.clear();
  }

  private Pending next() {
    Pending first = snapshots.poll();
    if (first != null) {
      return first;
    }
    Pending queued = pending.poll();
    if (queued != null) {
      waiting.decrementAndGet();
    }
    return queued;
  }

  /**
   * Replaces every waiting message with one fresh snapshot per channel, flagged resync, when
   * the publishers outrun this event loop by more than {@link #MAX_WAITING} messages. Each
   * connection then costs one write for the whole backlog, and the loop stays responsive.
   */
  private void skipToSnapshots() {
    Map<String, Pending> channels = new LinkedHashMap<>();
    int skipped = 0;
    Pending queued;
    while ((queued = pending.poll()) != null) {
      waiting.decrementAndGet();
      skipped++;
      channels.put(queued.message().channel(), queued);
    }
    for (Pending last : channels.values()) {
      Message snapshot = fanOut.snapshot(last.message().channel());
      if (snapshot != null) {
        snapshots.add(new Pending(snapshot.asResync(), last.sessions()));
        fanOut.countLaneSkip(last.message().channel(), skipped, last.sessions().size());
      }
    }
  }

  /** Offers the current batch to one session and counts the messages it wrote. */
  private void offerTo(Session session) {
    int wrote = 0;
    for (Message message : batch) {
      if (session.push(message)) {
        wrote++;
      }
    }
    if (wrote == 0) {
      return;
    }
    if (!session.awaitingFlush) {
      session.awaitingFlush = true;
      written.add(session);
    }
    if (!session.transport().equals(countedTransport)) {
      report();
      countedTransport = session.transport();
    }
    counted += wrote;
  }

  /** Tells the observer how many messages the sessions of one transport wrote. */
  private void report() {
    if (counted > 0) {
      fanOut.observer().sent(countedTransport, current.message(), counted);
    }
    counted = 0;
    countedTransport = null;
  }

  /** A message waiting for its lane, with the sessions of its channel there. */
  private record Pending(Message message, Set<Session> sessions) {}

  /**
   * Returns the WebSocket text frame of a message, ready for the socket: a duplicate of one
   * buffer that the lane encodes once per message, retained for the caller's write.
   */
  ByteBuf webSocketFrame(Message message, ByteBufAllocator allocator) {
    if (!running) {
      // A session's own drain writes outside a lane task: nothing else shares its frame.
      return encodeTextFrame(message.json(), allocator);
    }
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
    int header;
    if (length < 126) {
      header = 2;
    } else if (length < 65_536) {
      header = 4;
    } else {
      header = 10;
    }
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
