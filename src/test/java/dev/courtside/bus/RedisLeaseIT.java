package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ingest.FeedLease;
import dev.courtside.ingest.RedisLease;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feed leases of two nodes on the Redis at 127.0.0.1:6379. */
class RedisLeaseIT {

  private static final Duration TTL = Duration.ofSeconds(2);

  private Vertx vertxA;
  private Vertx vertxB;
  private Vertx cleanup;
  private String prefix;
  private String key;

  @BeforeEach
  void start() {
    ClusterServices.requireRedis(6379);
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
    cleanup = Vertx.vertx();
    prefix = ClusterServices.newKeyPrefix();
    key = new RedisKeys(prefix).lease("feed:espn-nba");
  }

  @AfterEach
  void stop() throws Exception {
    if (cleanup == null) {
      return;
    }
    for (Vertx vertx : List.of(vertxA, vertxB)) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    ClusterServices.deleteKeys(cleanup, ClusterServices.REDIS_URI, prefix);
    cleanup.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private RedisLease lease(Vertx vertx, String owner) {
    return new RedisLease(vertx, Redis.createClient(vertx, ClusterServices.REDIS_URI), key,
        owner, TTL);
  }

  /** Records gained and lost events as text. */
  private static List<String> events(FeedLease lease) {
    List<String> events = new CopyOnWriteArrayList<>();
    lease.addListener(new FeedLease.Listener() {
      @Override
      public void gained() {
        events.add("gained");
      }

      @Override
      public void lost() {
        events.add("lost");
      }
    });
    return events;
  }

  @Test
  void onlyOneNodeHoldsLease() {
    RedisLease first = lease(vertxA, "node-a");
    RedisLease second = lease(vertxB, "node-b");
    first.start();
    await().atMost(Duration.ofSeconds(5)).until(first::held);
    second.start();

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
        .until(() -> first.held() && !second.held());
  }

  @Test
  void stoppedHolderHandsLeaseOver() {
    RedisLease first = lease(vertxA, "node-a");
    RedisLease second = lease(vertxB, "node-b");
    List<String> firstEvents = events(first);
    List<String> secondEvents = events(second);
    first.start();
    await().atMost(Duration.ofSeconds(5)).until(first::held);
    second.start();

    first.stop();
    await().atMost(Duration.ofSeconds(3)).until(second::held);

    assertThat(first.held()).isFalse();
    assertThat(firstEvents).containsExactly("gained", "lost");
    assertThat(secondEvents).containsExactly("gained");
  }

  @Test
  void deadHolderLeaseTakenOverAfterTtl() throws Exception {
    RedisLease first = lease(vertxA, "node-a");
    RedisLease second = lease(vertxB, "node-b");
    first.start();
    await().atMost(Duration.ofSeconds(5)).until(first::held);
    second.start();

    // Closing the holder's Vert.x stops its renewals without releasing the key, as a crash.
    vertxA.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertxA = Vertx.vertx();

    await().atMost(TTL.plusSeconds(2)).until(second::held);
    assertThat(first.held()).isFalse();
  }

  @Test
  void holderLosesLeaseWhenKeyTakenAway() throws Exception {
    RedisLease first = lease(vertxA, "node-a");
    List<String> events = events(first);
    first.start();
    await().atMost(Duration.ofSeconds(5)).until(first::held);

    ClusterServices.command(cleanup, ClusterServices.REDIS_URI,
        io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SET).arg(key)
            .arg("node-z"));

    await().atMost(Duration.ofSeconds(2)).until(() -> !first.held());
    assertThat(events).containsExactly("gained", "lost");
  }
}
