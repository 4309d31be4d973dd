package dev.courtside.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.bus.Bus;
import dev.courtside.bus.Sequencer;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Message;
import dev.courtside.store.ChannelJournal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state, epoch and seq of every channel: each change to a channel's state becomes the
 * next delta, is appended to the journal and is published on the bus.
 *
 * <p>A single node numbers the deltas here. With a {@link Sequencer} (several nodes), the
 * sequencer numbers them instead: a change is sent to it unnumbered and leaves the state as
 * it is, and each channel is a replica that changes only when a numbered message comes back
 * through {@link Sequencer.Replicas#apply}, the same way for local and remote changes.
 *
 * <p>Each channel has its own lock. Publishing, applying a numbered message, taking a
 * snapshot and attaching a subscriber ({@link Channel#locked}) hold it, so a subscriber
 * attached under the lock sees every delta after its snapshot or replay, and none twice.
 */
public final class ChannelLog {

  private static final Logger log = LoggerFactory.getLogger(ChannelLog.class);

  private static final char[] EPOCH_ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChannelJournal journal;
  private final Bus bus;
  private final Duration coalesceWindow;
  private final ScheduledExecutorService timer;
  private final Sequencer sequencer;
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

  /**
   * Creates a log that publishes every change at once.
   *
   * @param journal where deltas are kept for resume
   * @param bus where deltas are published to the fan-out
   */
  public ChannelLog(ChannelJournal journal, Bus bus) {
    this(journal, bus, Duration.ZERO, null);
  }

  /**
   * Creates a log that merges the changes of each channel made within {@code coalesceWindow}
   * into one delta.
   *
   * @param coalesceWindow zero to publish every change at once
   * @param timer runs the end of each window; required when the window is not zero
   */
  public ChannelLog(ChannelJournal journal, Bus bus, Duration coalesceWindow,
      ScheduledExecutorService timer) {
    this(journal, bus, null, coalesceWindow, timer);
  }

  /**
   * Creates a log whose deltas are numbered by {@code sequencer}, shared by several nodes, and
   * attaches the log's channels to it as replicas.
   *
   * @param journal where numbered messages are kept for resume
   * @param bus where numbered messages are handed to this node's fan-out
   * @param coalesceWindow zero to send every change at once
   * @param timer runs the end of each window; required when the window is not zero
   */
  public ChannelLog(ChannelJournal journal, Bus bus, Sequencer sequencer,
      Duration coalesceWindow, ScheduledExecutorService timer) {
    if (coalesceWindow.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid coalescing window " + coalesceWindow + ": expected zero or more");
    }
    if (!coalesceWindow.isZero() && timer == null) {
      throw new IllegalArgumentException("A coalescing window needs a timer");
    }
    this.journal = journal;
    this.bus = bus;
    this.coalesceWindow = coalesceWindow;
    this.timer = timer;
    this.sequencer = sequencer;
    if (sequencer != null) {
      sequencer.attach(new Replicas());
    }
  }

  /** Returns a new random epoch: 8 characters from {@code [0-9a-zA-Z]}. */
  static String newEpoch() {
    char[] epoch = new char[8];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = EPOCH_ALPHABET[RANDOM.nextInt(EPOCH_ALPHABET.length)];
    }
    return new String(epoch);
  }

  /** Returns the channel, creating it with an empty state if it does not exist yet. */
  public Channel channel(String name) {
    return channels.computeIfAbsent(name, Channel::new);
  }

  /** Returns the channel if it exists. */
  public Channel find(String name) {
    return channels.get(name);
  }

  /** Returns every channel. */
  public Collection<Channel> all() {
    return channels.values();
  }

  /**
   * Applies a merge patch to a channel's state and publishes it as the channel's next delta,
   * or, with a coalescing window, as part of the window's delta.
   */
  public void publish(String channelName, ObjectNode patch) {
    if (patch.isEmpty()) {
      return;
    }
    channel(channelName).change(patch);
  }

  /** Publishes the pending changes of every channel now, ending their coalescing windows. */
  public void flushAll() {
    for (Channel channel : channels.values()) {
      channel.flush();
    }
  }

  /**
   * Applies a message numbered by the sequencer to its channel's replica, appends it to the
   * journal and hands it to the fan-out. Only used with a sequencer.
   */
  public void apply(Message message) {
    channel(message.channel()).applyNumbered(message);
  }

  /** The side of this log that a sequencer keeps up to date. */
  private final class Replicas implements Sequencer.Replicas {
    @Override
    public void apply(Message message) {
      ChannelLog.this.apply(message);
    }

    @Override
    public Message snapshot(String channelName) {
      Channel channel = find(channelName);
      return channel == null ? null : channel.snapshot();
    }
  }

  /** One channel: its state, epoch, seq and the snapshot last handed out. */
  public final class Channel {
    private final String name;
    private final ObjectNode state = Json.object();
    // With a sequencer, a placeholder until the first numbered message sets the shared one.
    private String epoch = newEpoch();
    private long seq;
    private Message snapshot;
    // Without a sequencer: the state last published, while a coalescing window is open.
    private ObjectNode published;
    // With a sequencer: the replica's state plus this window's changes, not yet numbered.
    private ObjectNode draft;
    private boolean flushScheduled;

    private Channel(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public synchronized String epoch() {
      return epoch;
    }

    /** Returns the seq of the last published message, 0 before the first. */
    public synchronized long seq() {
      return seq;
    }

    /**
     * Returns the whole state as a snapshot message numbered with the current seq. The same
     * instance is returned until the next change, so it is encoded once for all subscribers.
     */
    public synchronized Message snapshot() {
      if (snapshot == null) {
        // Inside a coalescing window the state already has changes that no delta carries yet,
        // so the snapshot numbered with the current seq is the state that seq published.
        ObjectNode numbered = published != null && draft == null ? published : state;
        snapshot = new Message(name, epoch, seq, Message.SNAPSHOT, numbered.deepCopy(), false);
      }
      return snapshot;
    }

    /**
     * Runs {@code action} while holding the channel's lock, so no delta is published during
     * it. The action must be short and must not take another channel's lock.
     */
    public synchronized <T> T locked(Supplier<T> action) {
      return action.get();
    }

    private synchronized void change(ObjectNode patch) {
      if (sequencer != null) {
        changeSequenced(patch);
        return;
      }
      if (coalesceWindow.isZero()) {
        MergePatch.applyInPlace(state, patch);
        emit(patch);
        return;
      }
      if (published == null) {
        published = state.deepCopy();
      }
      MergePatch.applyInPlace(state, patch);
      snapshot = null;
      scheduleFlush();
    }

    /**
     * Sends a change to the sequencer. Within a coalescing window the changes collect in a
     * draft, and the window's delta is the difference between the replica and the draft, so
     * it touches only what this node changed, even when other nodes' deltas arrive meanwhile.
     */
    private void changeSequenced(ObjectNode patch) {
      if (coalesceWindow.isZero()) {
        sequencer.sequence(name, patch);
        return;
      }
      if (draft == null) {
        published = state.deepCopy();
        draft = state.deepCopy();
      }
      MergePatch.applyInPlace(draft, patch);
      scheduleFlush();
    }

    private void scheduleFlush() {
      if (!flushScheduled) {
        flushScheduled = true;
        timer.schedule(this::flush, coalesceWindow.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private synchronized void flush() {
      flushScheduled = false;
      if (draft != null) {
        ObjectNode patch = MergePatch.diff(published, draft);
        published = null;
        draft = null;
        if (!patch.isEmpty()) {
          sequencer.sequence(name, patch);
        }
        return;
      }
      if (published == null) {
        return;
      }
      ObjectNode patch = MergePatch.diff(published, state);
      published = null;
      if (!patch.isEmpty()) {
        emit(patch);
      }
    }

    private void emit(ObjectNode patch) {
      seq++;
      snapshot = null;
      Message delta = new Message(name, epoch, seq, Message.DELTA, patch, false);
      journal.append(delta);
      bus.publish(delta);
    }

    /**
     * Applies a numbered message to the replica. A delta must be the next seq of the current
     * epoch, which the sequencer guarantees, and anything else is skipped with a WARN. A
     * snapshot starts the journal over and reaches subscribers flagged {@code resync}.
     */
    private synchronized void applyNumbered(Message message) {
      if (message.isSnapshot()) {
        state.removeAll();
        state.setAll(((ObjectNode) message.data()).deepCopy());
        epoch = message.epoch();
        seq = message.seq();
        snapshot = null;
        journal.clear(name);
        journal.append(message);
        bus.publish(message.asResync());
        return;
      }
      if (!message.epoch().equals(epoch) || message.seq() != seq + 1) {
        log.warn("numbered delta out of order skipped channel={} epoch={} seq={} expectedEpoch={}"
            + " expectedSeq={}", name, message.epoch(), message.seq(), epoch, seq + 1);
        return;
      }
      MergePatch.applyInPlace(state, (ObjectNode) message.data());
      seq = message.seq();
      snapshot = null;
      journal.append(message);
      bus.publish(message);
    }
  }
}
