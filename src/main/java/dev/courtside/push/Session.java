package dev.courtside.push;

import dev.courtside.model.Message;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection on any transport: its channels and its bounded outbound queue.
 *
 * <p>The fan-out offers messages from the publisher's thread; the session drains them on its
 * own thread (the connection's event loop), so a slow client never holds up the publisher.
 * When more than {@code maxQueued} messages wait, the backlog is dropped and the client gets
 * one fresh snapshot of each of its channels, flagged {@code resync}.
 *
 * <p>The first messages of a subscription (a snapshot, or the deltas a resuming client missed)
 * wait in a queue of their own that the bound does not count, because they come from the
 * journal, which bounds them, and counting them would turn every long resume into a resync.
 *
 * <p>Per channel the session remembers the last seq it queued for the client, drops anything
 * at or below it, and replays from the journal (or sends a resync snapshot) on a gap, so the
 * client never sees a seq go backwards or skip.
 */
public abstract class Session {

  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final FanOut fanOut;
  private final int maxQueued;
  private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
  private final Queue<Message> firstMessages = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  /** The position of each subscribed channel: one lookup per message, no map writes. */
  private final Map<String, Cursor> positions = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile long blockedSinceNanos;
  /** True while the lane keeps this session for a flush. Used on the lane's thread only. */
  boolean awaitingFlush;
  private Lane ownLane;

  /**
   * Creates a session.
   *
   * @param fanOut the fan-out this session subscribes through
   * @param maxQueued messages that may wait for this client before its backlog is replaced
   *     by a snapshot
   */
  protected Session(FanOut fanOut, int maxQueued) {
    this.fanOut = fanOut;
    this.maxQueued = maxQueued;
  }

  /** Returns a process-unique id, used in logs as {@code conn=}. */
  public long id() {
    return id;
  }

  /** Returns the transport name: {@code ws}, {@code sse} or {@code poll}. */
  public abstract String transport();

  /** Runs a task on this connection's own thread. */
  protected abstract void execute(Runnable task);

  /**
   * Returns the lane that runs this connection: its thread, shared with the other sessions on
   * it. This default gives the session a lane of its own that runs tasks with
   * {@link #execute}. The transports share one lane per event loop.
   */
  synchronized Lane lane() {
    if (ownLane == null) {
      ownLane = new Lane(this::execute, fanOut);
    }
    return ownLane;
  }

  /** Returns true when the connection can take another message without buffering more. */
  protected abstract boolean writable();

  /** Sends one message to the client. Called on the connection's thread only. */
  protected abstract void write(Message message);

  /** Called on the connection's thread after a drain wrote at least one message. */
  protected void drained() {}

  /** Closes the connection with a reason the client can read. */
  public abstract void close(String code, String reason);

  /** Returns the channels this session is subscribed to. */
  public Set<String> channels() {
    return positions.keySet();
  }

  /** Returns the epoch of the last message queued on a channel, or null. */
  public String epochOf(String channel) {
    Cursor cursor = positions.get(channel);
    return cursor == null ? null : cursor.epoch;
  }

  /** Returns the seq of the last message queued on a channel, or null when not subscribed. */
  public Long seqOf(String channel) {
    Cursor cursor = positions.get(channel);
    return cursor == null ? null : cursor.seq;
  }

  /**
   * Returns live messages waiting to be written, at most {@code maxQueued}. The first messages
   * of a subscription are not counted.
   */
  public int queued() {
    return queued.get();
  }

  /** Returns the first messages of subscriptions waiting to be written. */
  int queuedFirstMessages() {
    return firstMessages.size();
  }

  /** Returns true once the session is closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Returns {@link System#nanoTime()} when a message was last written to the client. */
  public long lastSentNanos() {
    return lastSentNanos;
  }

  /**
   * Returns {@link System#nanoTime()} since when the connection has refused writes, or 0
   * when it is writable.
   */
  public long blockedSinceNanos() {
    return blockedSinceNanos;
  }

  /** Marks the session closed and removes it from every channel. */
  protected void closed() {
    closed = true;
    fanOut.removeAll(this);
    queue.clear();
    firstMessages.clear();
    queued.set(0);
  }

  /**
   * Starts a channel: records the position the client resumes from and queues the first
   * messages (a snapshot, or the deltas it missed). Called by the fan-out under the channel's
   * lock.
   */
  void start(String channel, String epoch, long seq, Iterable<Message> first) {
    if (closed) {
      return;
    }
    positions.put(channel, new Cursor(epoch, seq));
    for (Message message : first) {
      firstMessages.add(message);
    }
    scheduleDrain();
  }

  /** Forgets a channel; messages of it still queued are dropped. */
  void stop(String channel) {
    positions.remove(channel);
    // Dropped now, so a client that resubscribes in a loop without reading keeps at most one
    // start per channel waiting.
    firstMessages.removeIf(message -> message.channel().equals(channel));
  }

  /** Queues a message for this client. Never blocks; safe from any thread. */
  public void offer(Message message) {
    if (closed) {
      return;
    }
    if (reserveSlot()) {
      queue.add(message);
    } else {
      if (!overflowed.getAndSet(true)) {
        // Counted when the backlog is given up, not when its snapshot can be written.
        fanOut.countOverflow(this);
      }
    }
    scheduleDrain();
  }

  /** Counts one more queued message unless the queue is full, so the count never passes it. */
  private boolean reserveSlot() {
    while (true) {
      int current = queued.get();
      if (current >= maxQueued) {
        return false;
      }
      if (queued.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /**
   * Takes a published message on the connection's thread. When nothing waits before it and the
   * connection is writable, the message is written at once without flushing, and the lane
   * calls {@link #flushPushed} after it offered the message to all of its sessions. Otherwise
   * the message is queued as by {@link #offer}.
   *
   * @return true when the message was written and the connection needs a flush
   */
  boolean push(Message message) {
    if (closed) {
      return false;
    }
    if (!drainScheduled.get() && queue.isEmpty() && firstMessages.isEmpty()
        && !overflowed.get() && writable()) {
      return deliver(message, false);
    }
    offer(message);
    return false;
  }

  /** Flushes what {@link #push} wrote. Called on the connection's thread. */
  void flushPushed() {
    awaitingFlush = false;
    lastSentNanos = System.nanoTime();
    drained();
  }

  /** Asks for a drain on the connection's thread, once however many messages arrive. */
  protected void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      execute(this::drain);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    if (closed) {
      return;
    }
    if (!writable()) {
      // The drain handler runs the next drain. Until then nothing is written, not even the
      // snapshots that replace an overflowed backlog.
      markBlocked();
      return;
    }
    boolean wrote = false;
    if (overflowed.getAndSet(false)) {
      // Its snapshots need the flush below as much as the messages do.
      wrote = replaceBacklog();
    }
    Message message;
    while (writable() && (message = next()) != null) {
      wrote |= deliver(message, true);
    }
    if (writable() || !hasPending()) {
      blockedSinceNanos = 0;
    } else {
      markBlocked();
    }
    if (wrote) {
      lastSentNanos = System.nanoTime();
      drained();
    }
  }

  private Message next() {
    Message message = firstMessages.poll();
    if (message != null) {
      return message;
    }
    message = queue.poll();
    if (message != null) {
      queued.decrementAndGet();
    }
    return message;
  }

  private boolean hasPending() {
    return !queue.isEmpty() || !firstMessages.isEmpty() || overflowed.get();
  }

  /** Records since when the connection refuses writes, unless it already refused them. */
  void markBlocked() {
    if (blockedSinceNanos == 0) {
      blockedSinceNanos = System.nanoTime();
    }
  }

  /**
   * Drops the queued backlog and sends one fresh snapshot per channel instead.
   *
   * @return true when a snapshot was written
   */
  private boolean replaceBacklog() {
    while (queue.poll() != null) {
      queued.decrementAndGet();
    }
    firstMessages.clear();
    boolean wrote = false;
    for (String channel : positions.keySet()) {
      Message snapshot = fanOut.snapshot(channel);
      if (snapshot != null) {
        wrote |= deliver(snapshot.asResync(), true);
      }
    }
    return wrote;
  }

  /**
   * Writes a message if it is the next one of its channel; returns true when written.
   *
   * @param observed whether each write is reported to the delivery observer here, which is
   *     false for {@link #push} because the lane reports its writes together
   */
  private boolean deliver(Message message, boolean observed) {
    Cursor cursor = positions.get(message.channel());
    if (cursor == null) {
      return false;
    }
    long last = cursor.seq;
    boolean sameEpoch = message.epoch().equals(cursor.epoch);
    if (message.isSnapshot()) {
      if (sameEpoch && message.seq() < last) {
        return false;
      }
      accept(cursor, message, observed);
      return true;
    }
    // A channel started without a position (seq -1) waits for its snapshot.
    if (!sameEpoch || last < 0 || message.seq() <= last) {
      return false;
    }
    if (message.seq() > last + 1) {
      return bridgeGap(cursor, message, last, observed);
    }
    accept(cursor, message, observed);
    return true;
  }

  private boolean bridgeGap(Cursor cursor, Message message, long last, boolean observed) {
    for (Message missed : fanOut.replay(message.channel(), message.epoch(), last, message)) {
      if (missed.isSnapshot() || missed.seq() == cursor.seq + 1) {
        // The bridge's messages are reported here; the lane reports only the one it pushed.
        accept(cursor, missed, observed || missed != message);
      }
    }
    return true;
  }

  private void accept(Cursor cursor, Message message, boolean observed) {
    cursor.seq = message.seq();
    cursor.epoch = message.epoch();
    write(message);
    if (observed) {
      fanOut.observer().sent(transport(), message, 1);
    }
  }

  /** Sends a control message that is not part of any channel, such as a heartbeat. */
  protected void sendControl(String json) {
    execute(() -> {
      if (!closed) {
        writeControl(json);
      }
    });
  }

  /** Sends a heartbeat so the client and proxies see the connection alive. */
  void sendHeartbeat() {
    lastSentNanos = System.nanoTime();
    sendControl("{\"type\":\"heartbeat\"}");
  }

  /** Tells the client to reconnect after {@code delayMs}, for the given reason. */
  void sendReconnect(String reason, long delayMs) {
    sendControl("{\"type\":\"reconnect\",\"reason\":\"" + reason + "\",\"delayMs\":"
        + delayMs + "}");
  }

  /** Writes a control message; called on the connection's thread. */
  protected abstract void writeControl(String json);

  /** The epoch and seq of the last message queued for the client on one channel. */
  private static final class Cursor {
    volatile String epoch;
    volatile long seq;

    Cursor(String epoch, long seq) {
      this.epoch = epoch;
      this.seq = seq;
    }
  }
}
