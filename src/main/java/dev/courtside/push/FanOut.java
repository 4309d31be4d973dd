package dev.courtside.push;

import dev.courtside.bus.Bus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.engine.GameEngine;
import dev.courtside.model.Message;
import dev.courtside.store.ChannelJournal;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out: hands every published message to the sessions subscribed to its channel, and
 * starts new subscriptions with a snapshot or with the deltas a resuming client missed.
 *
 * <p>A message is encoded once ({@link Message#json()}) and the same text goes to every
 * session. Sessions are grouped by the lane (event loop) that runs them, so each published
 * message costs one task per lane, not one per connection.
 */
public final class FanOut {

  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final ChannelLog channels;
  private final ChannelJournal journal;
  /** Sessions by channel, then by the lane (event loop) that runs them. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<Lane, Set<Session>>> subscribers =
      new ConcurrentHashMap<>();
  /** Lanes by event loop, so the connections of one event loop share one. */
  private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();
  private volatile DeliveryObserver observer = DeliveryObserver.NONE;
  private final AtomicLong overflows = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();

  /**
   * Creates a fan-out and subscribes it to the bus.
   *
   * @param channels channel states, for snapshots
   * @param journal channel histories, for resume
   * @param bus the source of published messages
   */
  public FanOut(ChannelLog channels, ChannelJournal journal, Bus bus) {
    this.channels = channels;
    this.journal = journal;
    bus.subscribe(this::dispatch);
  }

  /** Hands a message to each lane with subscribers of its channel, once per lane. */
  private void dispatch(Message message) {
    Map<Lane, Set<Session>> lanes = subscribers.get(message.channel());
    if (lanes == null) {
      return;
    }
    for (Map.Entry<Lane, Set<Session>> entry : lanes.entrySet()) {
      Set<Session> sessions = entry.getValue();
      if (!sessions.isEmpty()) {
        entry.getKey().offer(message, sessions);
      }
    }
  }

  private Set<Session> sessionsOf(String channel, Lane lane) {
    return subscribers.computeIfAbsent(channel, name -> new ConcurrentHashMap<>())
        .computeIfAbsent(lane, key -> ConcurrentHashMap.newKeySet());
  }

  /**
   * Subscribes a session to a channel, resuming from {@code from} when given.
   *
   * <p>The session gets, under the channel's lock: a snapshot when it has no position; the
   * deltas after its position when the journal still has them; else a snapshot flagged
   * {@code resync}. Every later delta follows.
   *
   * @return an error for the client when the channel name is invalid or unknown
   */
  public Optional<ClientError> subscribe(Session session, String channel, Position from) {
    Optional<ClientError> invalid = check(channel);
    if (invalid.isPresent()) {
      return invalid;
    }
    ChannelLog.Channel target = channels.channel(channel);
    target.locked(() -> {
      if (session.isClosed()) {
        // A closed session is never removed again, so adding it would keep it forever.
        return null;
      }
      Message snapshot = target.snapshot();
      List<Message> first = firstMessages(target, snapshot, from);
      long base = first.isEmpty() || !first.get(0).isSnapshot() ? from.seq() : -1;
      session.start(channel, target.epoch(), base, first);
      sessionsOf(channel, session.lane()).add(session);
      return null;
    });
    log.debug("subscribed conn={} transport={} channel={} from={}", session.id(),
        session.transport(), channel, from);
    return Optional.empty();
  }

  private List<Message> firstMessages(ChannelLog.Channel target, Message snapshot,
      Position from) {
    if (from == null) {
      return List.of(snapshot);
    }
    if (from.epoch().equals(target.epoch()) && from.seq() <= snapshot.seq()) {
      if (from.seq() == snapshot.seq()) {
        return List.of();
      }
      Optional<List<Message>> missed = journal.replaySince(target.name(), from.epoch(),
          from.seq());
      if (missed.isPresent() && !missed.get().isEmpty()
          && missed.get().get(0).seq() == from.seq() + 1) {
        return missed.get();
      }
    }
    resyncs.incrementAndGet();
    return List.of(snapshot.asResync());
  }

  /**
   * Returns what bridges a session's gap on a channel: the journal's deltas after
   * {@code afterSeq} up to {@code latest}, or a resync snapshot when the journal cannot.
   */
  List<Message> replay(String channel, String epoch, long afterSeq, Message latest) {
    Optional<List<Message>> missed = journal.replaySince(channel, epoch, afterSeq);
    if (missed.isPresent() && !missed.get().isEmpty()
        && missed.get().get(0).seq() == afterSeq + 1) {
      return missed.get().stream().filter(m -> m.seq() <= latest.seq()).toList();
    }
    Message snapshot = snapshot(channel);
    resyncs.incrementAndGet();
    return snapshot == null ? List.of() : List.of(snapshot.asResync());
  }

  /** Returns the current snapshot of a channel, or null when the channel does not exist. */
  public Message snapshot(String channel) {
    ChannelLog.Channel target = channels.find(channel);
    return target == null ? null : target.snapshot();
  }

  /** Unsubscribes a session from one channel. */
  public void unsubscribe(Session session, String channel) {
    Map<Lane, Set<Session>> lanes = subscribers.get(channel);
    Set<Session> sessions = lanes == null ? null : lanes.get(session.lane());
    if (sessions != null) {
      sessions.remove(session);
    }
    session.stop(channel);
  }

  /** Unsubscribes a session from every channel, when it closes. */
  void removeAll(Session session) {
    for (String channel : List.copyOf(session.channels())) {
      unsubscribe(session, channel);
    }
  }

  /** Returns the lane of a connection's context: one per event loop of this server. */
  Lane laneOf(Context context) {
    return Lane.of(context, lanes, this);
  }

  /** Sets the listener notified of every message written to a client. */
  public void observe(DeliveryObserver newObserver) {
    observer = newObserver;
  }

  DeliveryObserver observer() {
    return observer;
  }

  /** Returns the number of subscriptions over all channels. */
  public long subscriptionCount() {
    long total = 0;
    for (String channel : subscribers.keySet()) {
      total += subscriberCount(channel);
    }
    return total;
  }

  /** Returns how many sessions are subscribed to a channel. */
  public int subscriberCount(String channel) {
    Map<Lane, Set<Session>> lanes = subscribers.get(channel);
    if (lanes == null) {
      return 0;
    }
    int count = 0;
    for (Set<Session> sessions : lanes.values()) {
      count += sessions.size();
    }
    return count;
  }

  /** Returns how many backlogs were replaced by a snapshot since start. */
  public long overflowCount() {
    return overflows.get();
  }

  /** Returns how many resync snapshots were sent since start. */
  public long resyncCount() {
    return resyncs.get();
  }

  /** Counts the resync snapshots an event loop sent instead of the messages it skipped. */
  void countLaneSkip(String channel, int skipped, int sessions) {
    resyncs.addAndGet(sessions);
    log.warn("event loop fell behind and sends snapshots instead channel={} skipped={}"
        + " connections={}", channel, skipped, sessions);
  }

  void countOverflow(Session session) {
    overflows.incrementAndGet();
    resyncs.incrementAndGet();
    log.warn("slow client's backlog dropped, a snapshot follows conn={} transport={}",
        session.id(), session.transport());
  }

  /** Checks that a channel name is well formed and names a channel that exists. */
  public Optional<ClientError> check(String channel) {
    Optional<ClientError> invalid = checkName(channel);
    if (invalid.isPresent()) {
      return invalid;
    }
    if (!GameEngine.GAMES.equals(channel) && channels.find(channel) == null) {
      return Optional.of(new ClientError("unknown-channel",
          "Unknown channel '" + channel + "': expected games, league:{id} or game:{id} of a"
              + " known league or game", false));
    }
    return Optional.empty();
  }

  /** Checks a channel name's form, before any lookup. */
  static Optional<ClientError> checkName(String channel) {
    if (channel == null || !Position.CHANNEL_NAME.matcher(channel).matches()) {
      String shown = channel == null ? "" : Position.abbreviate(channel);
      return Optional.of(new ClientError("invalid-channel", "Invalid channel name '" + shown
          + "': expected 1 to 100 characters from A-Z a-z 0-9 : _ . -", false));
    }
    return Optional.empty();
  }
}
