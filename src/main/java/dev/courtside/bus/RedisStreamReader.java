package dev.courtside.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.store.RedisJournal;
import dev.courtside.store.RedisJournal.ChannelImage;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the message stream from the last entry it applied and turns it into what the
 * replicas need. For each channel that is deltas in seq order within one epoch, or a
 * snapshot where the stream cannot continue the channel: when the node starts, when a new
 * epoch begins, or when the stream lost entries while this node was away.
 *
 * <p>A gap is bridged from the channel's journal stream when it still has the missed deltas,
 * and otherwise by a snapshot rebuilt from the checkpoint and the journal.
 *
 * <p>Runs on the bus's Vert.x context only.
 */
final class RedisStreamReader {

  private static final Logger log = LoggerFactory.getLogger(RedisStreamReader.class);

  /** Maximum wait of one XREAD in ms, so a closed reader stops within this time. */
  private static final int BLOCK_MS = 2000;
  private static final int BATCH = 500;

  private final RedisKeys keys;
  private final Redis commands;
  private final RedisJournal journal;
  private final Consumer<Message> deliver;
  private final Callbacks callbacks;
  private final Map<String, Position> positions = new HashMap<>();
  private String lastId;
  private RedisConnection connection;
  private long connectionGeneration;

  /** Receiver of the events the reader reports besides channel messages. */
  interface Callbacks {
    /** A delta published by {@code nodeId} with the given counter was read back. */
    void originRead(String nodeId, long counter);

    /** A probe entry was read back. */
    void probeRead(String value);

    /** The connection failed; the link should reconnect. */
    void failed(long generation, Throwable cause);
  }

  /**
   * Creates a reader.
   *
   * @param commands client for the reads that bridge gaps
   * @param deliver gets each message for the replicas, in order
   */
  RedisStreamReader(RedisKeys keys, Redis commands, RedisJournal journal,
      Consumer<Message> deliver, Callbacks callbacks) {
    this.keys = keys;
    this.commands = commands;
    this.journal = journal;
    this.deliver = deliver;
    this.callbacks = callbacks;
  }

  /** Returns true once the channels were loaded and the reader has a connection. */
  boolean reading() {
    return connection != null && lastId != null;
  }

  /** Returns the positions this node's replicas are at, by channel. */
  Map<String, Position> positions() {
    return positions;
  }

  /**
   * Starts reading on a new connection: from the last applied entry, or, on the first
   * connection, after loading every channel's current state.
   */
  Future<Void> connected(RedisConnection opened, long generation) {
    connection = opened;
    connectionGeneration = generation;
    Future<Void> ready = lastId != null ? Future.succeededFuture() : bootstrap();
    return ready.onSuccess(ignored -> read(generation))
        .onFailure(error -> callbacks.failed(generation, error));
  }

  /** Stops using the lost connection. */
  void lost() {
    connection = null;
  }

  /**
   * Loads every channel from its checkpoint and journal, then starts after the stream's last
   * entry as it was before the load, so no message is missed and any read twice is skipped.
   */
  private Future<Void> bootstrap() {
    Request last = Request.cmd(Command.XREVRANGE).arg(keys.messages()).arg("+").arg("-")
        .arg("COUNT").arg(1);
    return commands.send(last).compose(reply -> {
      String startId = reply == null || reply.size() == 0 ? "0-0"
          : reply.get(0).get(0).toString();
      return commands.send(Request.cmd(Command.SMEMBERS).arg(keys.channels()))
          .compose(names -> loadAll(names, 0))
          .map(ignored -> {
            lastId = startId;
            log.info("redis channels loaded channels={} streamId={}", positions.size(),
                startId);
            return null;
          });
    });
  }

  private Future<Void> loadAll(Response names, int index) {
    if (names == null || index >= names.size()) {
      return Future.succeededFuture();
    }
    String channel = names.get(index).toString();
    return journal.readImage(channel).compose(image -> {
      deliverImage(channel, image);
      return loadAll(names, index + 1);
    });
  }

  private void read(long generation) {
    if (generation != connectionGeneration || connection == null) {
      return;
    }
    Request request = Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK")
        .arg(BLOCK_MS).arg("STREAMS").arg(keys.messages()).arg(lastId);
    connection.send(request)
        .compose(reply -> applyBatch(reply, generation))
        .onComplete(result -> {
          if (result.failed()) {
            callbacks.failed(generation, result.cause());
          } else {
            read(generation);
          }
        });
  }

  /** Applies the entries of one XREAD reply in order. The reply is nil when XREAD timed out. */
  private Future<Void> applyBatch(Response reply, long generation) {
    if (reply == null || reply.size() == 0 || generation != connectionGeneration) {
      return Future.succeededFuture();
    }
    List<Response> entries = new ArrayList<>();
    for (Response entry : reply.get(0).get(1)) {
      entries.add(entry);
    }
    Promise<Void> done = Promise.promise();
    applyFrom(entries, 0, generation, done);
    return done.future();
  }

  private void applyFrom(List<Response> entries, int index, long generation,
      Promise<Void> done) {
    for (int i = index; i < entries.size(); i++) {
      if (generation != connectionGeneration) {
        done.complete();
        return;
      }
      Response entry = entries.get(i);
      Future<Void> applied = applySafely(entry);
      lastId = entry.get(0).toString();
      if (!applied.isComplete()) {
        int next = i + 1;
        applied.onComplete(result -> {
          if (result.failed()) {
            done.fail(result.cause());
          } else {
            applyFrom(entries, next, generation, done);
          }
        });
        return;
      }
      if (applied.failed()) {
        done.fail(applied.cause());
        return;
      }
    }
    done.complete();
  }

  /** Applies one entry, skipping it with an ERROR when it cannot be parsed. */
  private Future<Void> applySafely(Response entry) {
    try {
      return applyEntry(entry.get(1));
    } catch (RuntimeException e) {
      log.error("invalid message stream entry skipped id={}", entry.get(0), e);
      return Future.succeededFuture();
    }
  }

  /** Applies one stream entry; completes at once unless a gap must be read from Redis. */
  private Future<Void> applyEntry(Response fields) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      values.put(fields.get(i).toString(), fields.get(i + 1).toString());
    }
    if (values.containsKey("probe")) {
      callbacks.probeRead(values.get("probe"));
      return Future.succeededFuture();
    }
    String channel = values.get("channel");
    String epoch = values.get("epoch");
    long seq = Long.parseLong(values.get("seq"));
    String type = values.get("type");
    Future<Void> applied = applyMessage(channel, epoch, seq, type, values.get("data"));
    return applied.onSuccess(ignored -> confirmOwn(values.get("origin")));
  }

  private Future<Void> applyMessage(String channel, String epoch, long seq, String type,
      String data) {
    Position known = positions.get(channel);
    boolean sameEpoch = known != null && known.epoch().equals(epoch);
    if (sameEpoch && seq <= known.seq()) {
      return Future.succeededFuture();
    }
    if (Message.SNAPSHOT.equals(type)) {
      deliverNext(new Message(channel, epoch, seq, type, parse(data), false));
      return Future.succeededFuture();
    }
    if (sameEpoch && seq == known.seq() + 1) {
      deliverNext(new Message(channel, epoch, seq, type, parse(data), false));
      return Future.succeededFuture();
    }
    if (sameEpoch) {
      return bridge(channel, known, seq);
    }
    return reload(channel);
  }

  /** Delivers the deltas from the journal between the replica's position and {@code seq}. */
  private Future<Void> bridge(String channel, Position known, long seq) {
    return journal.readAfter(channel, known.epoch(), known.seq()).compose(missed -> {
      if (missed.isEmpty() || missed.get().isEmpty()
          || missed.get().get(missed.get().size() - 1).seq() < seq) {
        log.warn("channel gap not in journal, reloading channel={} fromSeq={} toSeq={}",
            channel, known.seq() + 1, seq);
        return reload(channel);
      }
      log.info("channel gap bridged from journal channel={} fromSeq={} toSeq={}", channel,
          known.seq() + 1, seq);
      for (Message message : missed.get()) {
        Position current = positions.get(channel);
        if (message.seq() == current.seq() + 1 || message.isSnapshot()) {
          deliverNext(message);
        }
      }
      return Future.succeededFuture();
    });
  }

  /** Replaces a channel's replica with the state rebuilt from its checkpoint and journal. */
  private Future<Void> reload(String channel) {
    return journal.readImage(channel).map(image -> {
      deliverImage(channel, image);
      return null;
    });
  }

  private void deliverImage(String channel, ChannelImage image) {
    if (image == null) {
      log.warn("channel has no history in redis, skipped channel={}", channel);
      return;
    }
    if (!image.complete()) {
      log.warn("channel history incomplete in redis, state may lack changes channel={}"
          + " epoch={} seq={}", channel, image.epoch(), image.seq());
    }
    Position known = positions.get(channel);
    if (known != null && known.epoch().equals(image.epoch()) && known.seq() >= image.seq()) {
      return;
    }
    deliverNext(new Message(channel, image.epoch(), image.seq(), Message.SNAPSHOT,
        image.state(), false));
  }

  private void deliverNext(Message message) {
    positions.put(message.channel(), new Position(message.epoch(), message.seq()));
    deliver.accept(message);
  }

  private void confirmOwn(String origin) {
    if (origin == null) {
      return;
    }
    int colon = origin.lastIndexOf(':');
    if (colon > 0) {
      callbacks.originRead(origin.substring(0, colon), Long.parseLong(
          origin.substring(colon + 1)));
    }
  }

  private static ObjectNode parse(String data) {
    try {
      return (ObjectNode) Json.parse(data);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("Invalid message data in Redis stream", e);
    }
  }

  /** A replica's position in one channel. */
  record Position(String epoch, long seq) {}
}
