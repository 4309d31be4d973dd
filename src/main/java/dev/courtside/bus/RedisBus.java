package dev.courtside.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.bus.RedisStreamReader.Position;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.store.RedisJournal;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus and sequencer of a node that shares its channels with other nodes through Redis.
 *
 * <p>Every delta is numbered by one Lua script per call ({@link RedisPublisher}), which
 * appends it to the channel's journal stream and to the message stream. Every node, the
 * publisher included, reads the message stream ({@link RedisStreamReader}) and applies each
 * entry to its replicas, so all nodes apply the same messages in the same order, and a node
 * that was disconnected continues from the last entry it applied.
 *
 * <p>Nodes also write checkpoints of their replicas, so a starting node can load each
 * channel without the whole history. A probe entry goes through the message stream every
 * probe interval. When it is not read back within the probe timeout, the bus reports itself
 * unhealthy and reconnects, which catches a connection that looks up but delivers nothing.
 *
 * <p>The bus runs on a Vert.x instance of its own, and the reads that
 * {@link RedisJournal#replaySince} waits for on a server thread run on a second one, so the
 * thread that delivers such a reply is never blocked by the bus or the server.
 *
 * <p>Limitation: the numbering script touches keys of the channel and the shared message
 * stream at once, so it needs a standalone Redis server (or one managed by Sentinel), not
 * Redis Cluster.
 */
public final class RedisBus implements Bus, Sequencer {

  private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

  private final Options options;
  private final RedisKeys keys;
  private final String nodeId;
  private final Vertx vertx;
  private final Context context;
  private final Redis commands;
  private final Vertx waitingVertx;
  private final Redis waitingClient;
  private final RedisJournal journal;
  private final RedisPublisher publisher;
  private final RedisStreamReader reader;
  private final RedisLink publishLink;
  private final RedisLink readLink;
  private final List<Consumer<Message>> consumers = new CopyOnWriteArrayList<>();
  private final Map<String, Position> checkpointed = new HashMap<>();
  private final Promise<Void> loaded = Promise.promise();
  private volatile Replicas replicas;
  private volatile boolean healthy;
  private long probeCounter;
  private String probeOutstanding;
  private long probeSentNanos;
  private long probeTimer;
  private long checkpointTimer;
  private boolean closed;

  /**
   * Tuning of the Redis bus.
   *
   * @param journalCapacity messages kept per channel in memory and at least in each journal
   *     stream
   * @param streamCapacity approximate length the shared message stream is trimmed to
   * @param checkpointEvery messages of a channel after which a checkpoint is written. Keep it
   *     well below the journal capacity, so the journal reaches back to the last checkpoint
   * @param checkpointInterval time after which a channel that changed gets a checkpoint
   * @param probeInterval time between two probes
   * @param probeTimeout time within which a probe must be read back
   * @param maxBackoff longest wait between two reconnect attempts
   * @param readTimeout longest wait for Redis when a client resumes from older history than
   *     this node keeps in memory
   */
  public record Options(int journalCapacity, int streamCapacity, int checkpointEvery,
      Duration checkpointInterval, Duration probeInterval, Duration probeTimeout,
      Duration maxBackoff, Duration readTimeout) {

    /** Returns the defaults for a journal capacity. */
    public static Options defaults(int journalCapacity) {
      return new Options(journalCapacity, 100_000, Math.max(1, journalCapacity / 4),
          Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
          Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    /** Returns these options with other probe times. */
    public Options withProbe(Duration interval, Duration timeout) {
      return new Options(journalCapacity, streamCapacity, checkpointEvery, checkpointInterval,
          interval, timeout, maxBackoff, readTimeout);
    }
  }

  /**
   * Creates a bus for the Redis server at {@code uri}. Connects on {@link #start()}.
   *
   * @param uri such as {@code redis://127.0.0.1:6379}
   * @param keys the names of the shared keys
   */
  public RedisBus(String uri, RedisKeys keys, Options options) {
    this.options = options;
    this.keys = keys;
    this.nodeId = UUID.randomUUID().toString().substring(0, 8);
    this.vertx = Vertx.vertx();
    this.context = vertx.getOrCreateContext();
    this.commands = Redis.createClient(vertx, redisOptions(uri, 4));
    this.waitingVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    this.waitingClient = Redis.createClient(waitingVertx, redisOptions(uri, 2));
    this.journal = new RedisJournal(waitingVertx, waitingClient, commands, keys,
        options.journalCapacity(), options.readTimeout());
    this.publisher = new RedisPublisher(keys, nodeId, options.journalCapacity(),
        options.streamCapacity(), 100_000, this::replicaSnapshot);
    this.reader = new RedisStreamReader(keys, commands, journal, this::deliver,
        new ReaderCallbacks());
    this.publishLink = new RedisLink("publish", vertx, context, redisOptions(uri, 1),
        options.maxBackoff(), this::publishConnected, this::publishLost);
    this.readLink = new RedisLink("read", vertx, context, redisOptions(uri, 1),
        options.maxBackoff(), this::readConnected, this::readLost);
  }

  private static RedisOptions redisOptions(String uri, int poolSize) {
    NetClientOptions net = new NetClientOptions().setConnectTimeout(2000).setTcpKeepAlive(true);
    return new RedisOptions().setConnectionString(uri)
        .setPreferredProtocolVersion(ProtocolVersion.RESP2)
        .setNetClientOptions(net)
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(256)
        .setMaxWaitingHandlers(4096);
  }

  /** Returns the journal that serves resumes from this node's memory and from Redis. */
  public RedisJournal journal() {
    return journal;
  }

  /** Returns the Vert.x instance the Redis clients run on, for other users such as leases. */
  public Vertx vertx() {
    return vertx;
  }

  /** Returns the pooled client for other users of this node's Redis, such as leases. */
  public Redis client() {
    return commands;
  }

  /** Returns the id written as the origin of this node's deltas and probes. */
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void attach(Replicas attached) {
    this.replicas = attached;
  }

  /**
   * Connects, loads every channel's current state and starts reading.
   *
   * @return completes when the channels are loaded, which waits for Redis to accept a
   *     connection
   */
  public Future<Void> start() {
    context.runOnContext(v -> {
      publishLink.open();
      readLink.open();
      probeTimer = vertx.setPeriodic(options.probeInterval().toMillis(), id -> probe());
      checkpointTimer = vertx.setPeriodic(options.checkpointInterval().toMillis(),
          id -> checkpointChanged());
    });
    return loaded.future();
  }

  /** Starts and waits up to {@code timeout} for the channels to load. */
  public boolean startAndWait(Duration timeout) {
    try {
      start().toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public void sequence(String channel, ObjectNode patch) {
    String json = Json.write(patch);
    context.runOnContext(v -> {
      if (!closed) {
        publisher.add(channel, json);
      }
    });
  }

  /**
   * Publishes the message's data as the next delta of its channel; Redis assigns the epoch
   * and seq, so those of the message are ignored.
   */
  @Override
  public void publish(Message message) {
    sequence(message.channel(), (ObjectNode) message.data());
  }

  /**
   * Registers a consumer of every numbered message, called after the replicas applied it, on
   * the bus's own thread.
   */
  @Override
  public void subscribe(Consumer<Message> consumer) {
    consumers.add(consumer);
  }

  /**
   * Returns true while both connections are up, the channels are loaded and the last probe
   * came back in time.
   */
  @Override
  public boolean healthy() {
    return healthy;
  }

  @Override
  public void close() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(probeTimer);
      vertx.cancelTimer(checkpointTimer);
      publishLink.close();
      readLink.close();
      updateHealth();
      if (publisher.pending() > 0) {
        log.warn("redis bus closed with deltas not read back pending={}", publisher.pending());
      }
      stopped.complete();
    });
    try {
      stopped.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      commands.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      waitingClient.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      waitingVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("redis bus stop incomplete error={}", e.toString());
    }
  }

  private void publishConnected(RedisConnection connection) {
    long generation = publishLink.generation();
    publisher.connected(connection, generation, () -> publishLink.failed(generation,
        new IllegalStateException("publish failed")));
    updateHealth();
  }

  private void publishLost() {
    publisher.lost();
    probeOutstanding = null;
    updateHealth();
  }

  private void readConnected(RedisConnection connection) {
    reader.connected(connection, readLink.generation()).onSuccess(ignored -> {
      loaded.tryComplete();
      updateHealth();
    });
  }

  private void readLost() {
    reader.lost();
    probeOutstanding = null;
    updateHealth();
  }

  private void deliver(Message message) {
    Replicas target = replicas;
    if (target != null) {
      target.apply(message);
    }
    for (Consumer<Message> consumer : consumers) {
      consumer.accept(message);
    }
    Position last = checkpointed.get(message.channel());
    boolean newEpoch = last == null || !last.epoch().equals(message.epoch());
    if (newEpoch || message.seq() - last.seq() >= options.checkpointEvery()) {
      checkpoint(message.channel());
    }
  }

  private Message replicaSnapshot(String channel) {
    Replicas target = replicas;
    return target == null ? null : target.snapshot(channel);
  }

  /** Writes a checkpoint of every channel that changed since this node's last one. */
  private void checkpointChanged() {
    for (Map.Entry<String, Position> entry : reader.positions().entrySet()) {
      Position last = checkpointed.get(entry.getKey());
      if (!entry.getValue().equals(last)) {
        checkpoint(entry.getKey());
      }
    }
  }

  private void checkpoint(String channel) {
    Message snapshot = replicaSnapshot(channel);
    if (snapshot == null || snapshot.seq() == 0) {
      return;
    }
    checkpointed.put(channel, new Position(snapshot.epoch(), snapshot.seq()));
    journal.writeCheckpoint(snapshot).onFailure(error -> log.debug(
        "checkpoint not written channel={} seq={} error={}", channel, snapshot.seq(),
        error.toString()));
  }

  /**
   * Sends a probe through the message stream, or, when the last one was not read back in
   * time, reconnects both links.
   */
  private void probe() {
    if (closed) {
      return;
    }
    updateHealth();
    if (probeOutstanding != null) {
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeSentNanos);
      if (waitedMs > options.probeTimeout().toMillis()) {
        log.warn("redis probe not read back, reconnecting probe={} waitedMs={}",
            probeOutstanding, waitedMs);
        probeOutstanding = null;
        updateHealth();
        readLink.reconnect("probe not read back");
        publishLink.reconnect("probe not read back");
      }
      updateHealth();
      return;
    }
    RedisConnection connection = publisher.connection();
    if (connection == null || !reader.reading()) {
      return;
    }
    String probe = nodeId + ":" + (++probeCounter);
    probeOutstanding = probe;
    probeSentNanos = System.nanoTime();
    connection.send(Request.cmd(Command.XADD).arg(keys.messages()).arg("MAXLEN").arg("~")
        .arg(options.streamCapacity()).arg("*").arg("probe").arg(probe));
  }

  private void updateHealth() {
    boolean overdue = probeOutstanding != null && System.nanoTime() - probeSentNanos
        > options.probeTimeout().toNanos();
    boolean now = !closed && loaded.future().isComplete() && publisher.connected()
        && reader.reading() && !overdue;
    if (now != healthy) {
      healthy = now;
      if (now) {
        log.info("redis bus healthy node={}", nodeId);
      } else if (!closed) {
        log.warn("redis bus unhealthy node={} publishing={} reading={} probeOverdue={}",
            nodeId, publisher.connected(), reader.reading(), overdue);
      }
    }
  }

  /** Receives what the reader reports besides channel messages. */
  private final class ReaderCallbacks implements RedisStreamReader.Callbacks {
    @Override
    public void originRead(String origin, long counter) {
      if (origin.equals(nodeId)) {
        publisher.confirm(counter);
      }
    }

    @Override
    public void probeRead(String value) {
      if (value.equals(probeOutstanding)) {
        probeOutstanding = null;
        updateHealth();
      }
    }

    @Override
    public void failed(long generation, Throwable cause) {
      readLink.failed(generation, cause);
    }
  }
}
