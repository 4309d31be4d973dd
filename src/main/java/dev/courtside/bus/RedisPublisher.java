package dev.courtside.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Message;
import dev.courtside.store.RedisKeys;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered pipeline that sends this node's deltas to the numbering script in Redis.
 *
 * <p>Deltas are sent in the order given, on one connection, so Redis numbers the deltas of
 * one channel from this node in that order. A delta stays here until this node reads it back
 * from the message stream: after a lost connection the ones without a reply are sent again,
 * and after a Redis restart (a new {@code run_id}) all of them are, because Redis lost them.
 * A delta that Redis executed but whose reply was lost is numbered twice, which is harmless
 * because a merge patch applied again in order gives the same state.
 *
 * <p>When a channel has no epoch in Redis (its first delta, or Redis lost its keys), the
 * script numbers nothing and returns 0. This node then sends the channel's replica with
 * all its unconfirmed deltas applied as the snapshot that starts a new history, together
 * with those deltas, which the script numbers as plain deltas if another node started the
 * history first.
 *
 * <p>Runs on the bus's Vert.x context only.
 */
final class RedisPublisher {

  private static final Logger log = LoggerFactory.getLogger(RedisPublisher.class);
  private static final String EPOCH_ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** Deltas sent without a reply yet, at most. */
  private static final int MAX_IN_FLIGHT = 256;

  /** Attempts of one delta that fails with an error reply before it is dropped. */
  private static final int MAX_ATTEMPTS = 5;

  /** Numbers deltas in Redis; see {@link #SCRIPT}'s use in {@link #send(Item)}. */
  static final String SCRIPT = """
      local epoch = redis.call('GET', KEYS[1])
      if not epoch then
        if ARGV[5] == '' then return 0 end
        epoch = ARGV[4]
        redis.call('SET', KEYS[1], epoch, 'NX')
        redis.call('SADD', KEYS[5], ARGV[1])
        local seq = redis.call('INCR', KEYS[2])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], seq .. '-0',
          'type', 'snapshot', 'data', ARGV[5])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'channel', ARGV[1],
          'epoch', epoch, 'seq', seq, 'type', 'snapshot', 'origin', ARGV[3], 'data', ARGV[5])
        return seq
      end
      local seq = 0
      for i = 7, #ARGV do
        seq = redis.call('INCR', KEYS[2])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], seq .. '-0',
          'type', 'delta', 'data', ARGV[i])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'channel', ARGV[1],
          'epoch', epoch, 'seq', seq, 'type', 'delta', 'origin', ARGV[3], 'data', ARGV[i])
      end
      return seq
      """;

  private final RedisKeys keys;
  private final String nodeId;
  private final int journalCapacity;
  private final int streamCapacity;
  private final int maxUnconfirmed;
  private final Function<String, Message> replicaSnapshot;
  private final ArrayDeque<Item> unconfirmed = new ArrayDeque<>();
  private final ArrayDeque<Item> unsent = new ArrayDeque<>();
  private RedisConnection connection;
  private Runnable reconnect = () -> { };
  private long connectionGeneration;
  private String scriptSha;
  private String runId;
  private int inFlight;
  private long nextCounter;
  private long dropped;

  /**
   * Creates a publisher.
   *
   * @param nodeId written with each delta as its origin, so this node recognises its own
   * @param streamCapacity approximate length the message stream is trimmed to
   * @param maxUnconfirmed deltas kept for a resend at most; past it the oldest are dropped
   * @param replicaSnapshot this node's current snapshot of a channel, or null
   */
  RedisPublisher(RedisKeys keys, String nodeId, int journalCapacity, int streamCapacity,
      int maxUnconfirmed, Function<String, Message> replicaSnapshot) {
    this.keys = keys;
    this.nodeId = nodeId;
    this.journalCapacity = journalCapacity;
    this.streamCapacity = streamCapacity;
    this.maxUnconfirmed = maxUnconfirmed;
    this.replicaSnapshot = replicaSnapshot;
  }

  /** Queues a delta, already encoded, and sends it when connected. */
  void add(String channel, String patchJson) {
    Item item = new Item(nextCounter++, channel, List.of(patchJson), null);
    unconfirmed.add(item);
    unsent.add(item);
    trim();
    pump();
  }

  /** Returns the origin field written with the delta numbered {@code counter}. */
  String origin(long counter) {
    return nodeId + ":" + counter;
  }

  /** Returns deltas waiting to be sent or read back. */
  int pending() {
    return unconfirmed.size();
  }

  /** Returns true while the publishing connection is up and its script is loaded. */
  boolean connected() {
    return connection != null && scriptSha != null;
  }

  /** Returns the connection for other commands in publish order, such as probes, or null. */
  RedisConnection connection() {
    return connected() ? connection : null;
  }

  /**
   * Starts using a new connection: reads the server's run id, loads the script and sends
   * again what needs sending.
   *
   * @param onFailure cuts the connection, so the link reconnects
   */
  void connected(RedisConnection opened, long generation, Runnable onFailure) {
    connection = opened;
    reconnect = onFailure;
    connectionGeneration = generation;
    scriptSha = null;
    inFlight = 0;
    opened.send(Request.cmd(Command.INFO).arg("server"))
        .compose(info -> {
          String newRunId = parseRunId(info.toString());
          requeue(runId != null && !runId.equals(newRunId));
          runId = newRunId;
          return opened.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT));
        })
        .onSuccess(sha -> {
          if (generation == connectionGeneration) {
            scriptSha = sha.toString();
            pump();
          }
        })
        .onFailure(error -> onFailure.run());
  }

  /** Stops using the lost connection. Deltas without a reply go again on the next one. */
  void lost() {
    connection = null;
    scriptSha = null;
    inFlight = 0;
  }

  /**
   * Marks the delta numbered {@code counter} as read back from the message stream, so the
   * replicas include it and it is never sent again. Older deltas that Redis already numbered
   * are dropped too, because the stream has passed them. Older ones still waiting for a reply
   * stay, because a channel that starts a new history can overtake them.
   */
  void confirm(long counter) {
    Iterator<Item> items = unconfirmed.iterator();
    while (items.hasNext()) {
      Item item = items.next();
      if (item.counter > counter) {
        return;
      }
      if (item.counter == counter || item.numbered) {
        item.confirmed = true;
        items.remove();
      }
    }
  }

  /**
   * Rebuilds the send queue after a reconnect: the deltas without a reply, or every
   * unconfirmed one when Redis restarted and lost what it had.
   */
  private void requeue(boolean redisRestarted) {
    unsent.clear();
    for (Item item : unconfirmed) {
      if (redisRestarted || !item.numbered) {
        item.numbered = false;
        unsent.add(item);
      }
    }
    if (redisRestarted) {
      log.warn("redis restarted, sending unconfirmed deltas again count={}", unsent.size());
    }
  }

  private void pump() {
    while (connected() && inFlight < MAX_IN_FLIGHT && !unsent.isEmpty()) {
      send(unsent.pollFirst());
    }
  }

  /**
   * Sends one item to the script. Keys: epoch, seq, journal, messages, channels. Arguments:
   * channel, journal capacity, origin, epoch for a new history, snapshot or '', stream
   * capacity, then the deltas.
   */
  private void send(Item item) {
    String channel = item.channel;
    Request request = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(5)
        .arg(keys.epoch(channel)).arg(keys.seq(channel)).arg(keys.journal(channel))
        .arg(keys.messages()).arg(keys.channels())
        .arg(channel).arg(journalCapacity).arg(origin(item.counter)).arg(newEpoch())
        .arg(item.snapshot == null ? "" : item.snapshot).arg(streamCapacity);
    for (String patch : item.patches) {
      request.arg(patch);
    }
    long generation = connectionGeneration;
    inFlight++;
    connection.send(request).onComplete(result -> {
      if (generation != connectionGeneration || connection == null) {
        return;
      }
      inFlight--;
      if (result.succeeded()) {
        numbered(item, result.result());
      } else {
        rejected(item, result.cause());
      }
      pump();
    });
  }

  private void numbered(Item item, Response seq) {
    if (item.cancelled) {
      return;
    }
    if (seq.toLong() > 0) {
      item.numbered = true;
      return;
    }
    startHistory(item);
  }

  /**
   * Replaces the rejected delta and every other unconfirmed delta of its channel, which has
   * no epoch in Redis, with one item that carries them all, in order, plus the snapshot that
   * starts the channel's new history.
   */
  private void startHistory(Item rejected) {
    String channel = rejected.channel;
    List<Item> replaced = new ArrayList<>();
    Iterator<Item> items = unconfirmed.iterator();
    while (items.hasNext()) {
      Item item = items.next();
      if (item.channel.equals(channel) && !item.cancelled) {
        replaced.add(item);
        items.remove();
      }
    }
    if (!replaced.contains(rejected)) {
      replaced.add(rejected);
    }
    replaced.sort(Comparator.comparingLong(item -> item.counter));
    List<String> patches = new ArrayList<>();
    for (Item item : replaced) {
      item.cancelled = true;
      patches.addAll(item.patches);
    }
    unsent.removeIf(item -> item.cancelled);
    Message replica = replicaSnapshot.apply(channel);
    ObjectNode state = replica == null ? Json.object() : ((ObjectNode) replica.data()).deepCopy();
    for (String patch : patches) {
      MergePatch.applyInPlace(state, parse(patch));
    }
    Item restart = new Item(nextCounter++, channel, patches, Json.write(state));
    unconfirmed.add(restart);
    unsent.add(restart);
    log.info("channel history starts in redis channel={} deltas={}", channel, patches.size());
  }

  /**
   * Handles a failed send. An error reply of the script (ERR, WRONGTYPE) counts as an
   * attempt of that delta. Anything else, such as a lost connection, NOSCRIPT after a script
   * flush or LOADING while Redis starts, cuts the connection, and the reconnect sends the
   * delta again.
   */
  private void rejected(Item item, Throwable cause) {
    if (item.cancelled || item.confirmed) {
      return;
    }
    boolean scriptError = cause instanceof Response reply
        && (reply.toString().startsWith("ERR") || reply.toString().startsWith("WRONGTYPE"));
    if (!scriptError) {
      reconnect.run();
      return;
    }
    item.attempts++;
    if (item.attempts >= MAX_ATTEMPTS) {
      unconfirmed.remove(item);
      dropped++;
      log.error("delta dropped after failed attempts channel={} attempts={} droppedTotal={}",
          item.channel, item.attempts, dropped, cause);
      return;
    }
    log.warn("delta numbering failed channel={} attempt={} error={}", item.channel,
        item.attempts, cause.toString());
    unsent.addFirst(item);
  }

  private void trim() {
    while (unconfirmed.size() > maxUnconfirmed) {
      Item oldest = unconfirmed.pollFirst();
      oldest.cancelled = true;
      unsent.remove(oldest);
      dropped++;
      if (dropped % 1000 == 1) {
        log.error("unconfirmed deltas over limit, oldest dropped limit={} droppedTotal={}",
            maxUnconfirmed, dropped);
      }
    }
  }

  /** Returns a random epoch: 8 characters from {@code [0-9a-zA-Z]}, as a single node makes. */
  private static String newEpoch() {
    char[] epoch = new char[8];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = EPOCH_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(
          EPOCH_ALPHABET.length()));
    }
    return new String(epoch);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Invalid delta JSON queued for Redis", e);
    }
  }

  private static String parseRunId(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).trim();
      }
    }
    return "";
  }

  /** One or more deltas of a channel sent in one script call. */
  private static final class Item {
    final long counter;
    final String channel;
    final List<String> patches;
    final String snapshot;
    boolean numbered;
    boolean confirmed;
    boolean cancelled;
    int attempts;

    Item(long counter, String channel, List<String> patches, String snapshot) {
      this.counter = counter;
      this.channel = channel;
      this.patches = patches;
      this.snapshot = snapshot;
    }
  }
}
