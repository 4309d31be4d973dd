package dev.courtside.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of a node that shares its channels through Redis.
 *
 * <p>Every numbered message this node applies is kept in a memory ring of {@code capacity}
 * messages per channel, which serves most resumes. A resume from further back, such as a
 * client that was connected to another node before this one started, reads the channel's
 * journal stream in Redis, which every node writes with the same epoch and seqs.
 *
 * <p>It also reads and writes checkpoints, so a starting node can rebuild a channel's state:
 * the checkpoint's state plus the journal entries after its seq.
 */
public final class RedisJournal implements ChannelJournal {

  private static final Logger log = LoggerFactory.getLogger(RedisJournal.class);

  /**
   * Stores a checkpoint only when the channel's epoch is the checkpoint's and its seq is
   * higher than the stored one's, so nodes that write at once never go back. The state stays
   * an opaque string because Redis's cjson would turn an empty array into an object.
   */
  private static final String CHECKPOINT_SCRIPT = """
      if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
      local stored = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
      if stored[1] == ARGV[1] and stored[2] and tonumber(stored[2]) >= tonumber(ARGV[2]) then
        return 0
      end
      redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', ARGV[2], 'state', ARGV[3])
      return 1
      """;

  private final MemoryJournal recent;
  private final Vertx waitingVertx;
  private final Redis waitingClient;
  private final Redis client;
  private final RedisKeys keys;
  private final int capacity;
  private final Duration readTimeout;

  /**
   * Creates a journal.
   *
   * @param waitingVertx a Vert.x instance used only by {@code waitingClient}, so the thread
   *     that delivers a reply {@link #replaySince} waits for never waits for a channel lock
   * @param waitingClient client on {@code waitingVertx} for the reads that
   *     {@link #replaySince} waits for
   * @param client client for the reads and writes of the bus, which never wait
   * @param capacity messages kept per channel in memory, 1 or more; the Redis streams keep
   *     at least as many
   * @param readTimeout maximum wait for Redis in {@link #replaySince}
   */
  public RedisJournal(Vertx waitingVertx, Redis waitingClient, Redis client, RedisKeys keys,
      int capacity, Duration readTimeout) {
    this.recent = new MemoryJournal(capacity);
    this.waitingVertx = waitingVertx;
    this.waitingClient = waitingClient;
    this.client = client;
    this.keys = keys;
    this.capacity = capacity;
    this.readTimeout = readTimeout;
  }

  /** Returns the messages kept per channel in memory and at least in each Redis stream. */
  public int capacity() {
    return capacity;
  }

  @Override
  public void append(Message message) {
    recent.append(message);
  }

  /**
   * Returns the missed messages from memory, or else from the channel's journal stream in
   * Redis. Waits up to the read timeout for Redis, and returns empty (a resync for the
   * client) when Redis sends no reply in time.
   */
  @Override
  public Optional<List<Message>> replaySince(String channel, String epoch, long afterSeq) {
    Optional<List<Message>> inMemory = recent.replaySince(channel, epoch, afterSeq);
    if (inMemory.isPresent()) {
      return inMemory;
    }
    Context context = Vertx.currentContext();
    if (context != null && context.owner() == waitingVertx) {
      // Waiting here would block the thread that has to deliver the Redis reply.
      return Optional.empty();
    }
    try {
      return readAfter(waitingClient, channel, epoch, afterSeq).toCompletionStage()
          .toCompletableFuture()
          .get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("journal read from Redis failed channel={} afterSeq={} error={}", channel,
          afterSeq, e.getCause() == null ? e.toString() : e.getCause().toString());
      return Optional.empty();
    }
  }

  @Override
  public void clear(String channel) {
    recent.clear(channel);
  }

  /**
   * Reads the messages of a channel after {@code afterSeq} from its journal stream.
   *
   * @return the messages, oldest first, or empty when the epoch is not the channel's or the
   *     stream no longer reaches back to {@code afterSeq + 1}
   */
  public Future<Optional<List<Message>>> readAfter(String channel, String epoch,
      long afterSeq) {
    return readAfter(client, channel, epoch, afterSeq);
  }

  private Future<Optional<List<Message>>> readAfter(Redis reader, String channel,
      String epoch, long afterSeq) {
    List<Request> requests = List.of(
        Request.cmd(Command.GET).arg(keys.epoch(channel)),
        Request.cmd(Command.XRANGE).arg(keys.journal(channel)).arg((afterSeq + 1) + "-0")
            .arg("+").arg("COUNT").arg(capacity));
    return reader.batch(requests).map(replies -> {
      Response storedEpoch = replies.get(0);
      if (storedEpoch == null || !storedEpoch.toString().equals(epoch)) {
        return Optional.empty();
      }
      List<Message> missed = parseEntries(channel, epoch, replies.get(1));
      if (!missed.isEmpty() && missed.get(0).seq() != afterSeq + 1) {
        return Optional.empty();
      }
      return Optional.of(missed);
    });
  }

  /**
   * Rebuilds a channel's current state from its checkpoint and the journal entries after it.
   *
   * @return the image, or null when the channel has no history in Redis
   */
  public Future<ChannelImage> readImage(String channel) {
    List<Request> requests = List.of(
        Request.cmd(Command.GET).arg(keys.epoch(channel)),
        Request.cmd(Command.HMGET).arg(keys.checkpoint(channel)).arg("epoch").arg("seq")
            .arg("state"));
    return client.batch(requests).compose(replies -> {
      if (replies.get(0) == null) {
        return Future.succeededFuture(null);
      }
      String epoch = replies.get(0).toString();
      ObjectNode state = Json.object();
      long seq = 0;
      Response checkpoint = replies.get(1);
      if (checkpoint.get(0) != null && checkpoint.get(0).toString().equals(epoch)) {
        seq = checkpoint.get(1).toLong();
        state = parseObject(checkpoint.get(2).toString());
      }
      return readImageAfter(channel, epoch, seq, state);
    });
  }

  private Future<ChannelImage> readImageAfter(String channel, String epoch, long checkpointSeq,
      ObjectNode checkpointState) {
    Request range = Request.cmd(Command.XRANGE).arg(keys.journal(channel))
        .arg((checkpointSeq + 1) + "-0").arg("+");
    return client.send(range).map(reply -> {
      ObjectNode state = checkpointState;
      long seq = checkpointSeq;
      boolean complete = true;
      for (Message message : parseEntries(channel, epoch, reply)) {
        if (message.isSnapshot()) {
          state = ((ObjectNode) message.data()).deepCopy();
        } else {
          // A gap means neither the checkpoint nor the trimmed journal has those deltas.
          complete &= message.seq() == seq + 1;
          MergePatch.applyInPlace(state, (ObjectNode) message.data());
        }
        seq = message.seq();
      }
      return new ChannelImage(epoch, seq, state, complete);
    });
  }

  /**
   * Stores a snapshot as the channel's checkpoint unless the stored one is as new or the
   * epoch has changed.
   *
   * @return true when this snapshot was stored
   */
  public Future<Boolean> writeCheckpoint(Message snapshot) {
    Request request = Request.cmd(Command.EVAL).arg(CHECKPOINT_SCRIPT).arg(2)
        .arg(keys.checkpoint(snapshot.channel())).arg(keys.epoch(snapshot.channel()))
        .arg(snapshot.epoch()).arg(snapshot.seq()).arg(Json.write(snapshot.data()));
    return client.send(request).map(reply -> reply.toInteger() == 1);
  }

  /** Parses the entries of an XRANGE or XREAD reply on a channel's journal stream. */
  private static List<Message> parseEntries(String channel, String epoch, Response entries) {
    List<Message> messages = new ArrayList<>(entries == null ? 0 : entries.size());
    if (entries == null) {
      return messages;
    }
    for (Response entry : entries) {
      String id = entry.get(0).toString();
      long seq = Long.parseLong(id.substring(0, id.indexOf('-')));
      Response fields = entry.get(1);
      String type = Message.DELTA;
      String data = "{}";
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String field = fields.get(i).toString();
        if (field.equals("type")) {
          type = fields.get(i + 1).toString();
        } else if (field.equals("data")) {
          data = fields.get(i + 1).toString();
        }
      }
      messages.add(new Message(channel, epoch, seq, type, parseObject(data), false));
    }
    return messages;
  }

  /** Parses JSON text that this project wrote as an object. */
  static ObjectNode parseObject(String text) {
    try {
      JsonNode node = Json.parse(text);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Invalid JSON in Redis: " + e.getOriginalMessage(), e);
    }
    throw new IllegalStateException("Invalid JSON in Redis: expected an object");
  }

  /**
   * The state of a channel rebuilt from Redis.
   *
   * @param seq the seq of the last message the state includes
   * @param complete false when the journal had a gap after the checkpoint, so the state may
   *     lack some changes
   */
  public record ChannelImage(String epoch, long seq, ObjectNode state, boolean complete) {}
}
