package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis bus on a private redis-server whose clients are paused: the connections stay up
 * but deliver nothing, which only the probe detects.
 */
class RedisBusProbeIT {

  @TempDir Path dir;

  private Vertx vertx;
  private PrivateRedis redis;
  private RedisBus bus;

  @BeforeEach
  void start() throws Exception {
    ClusterServices.requireRedis(6379);
    vertx = Vertx.vertx();
    redis = PrivateRedis.start(dir.resolve("redis.log"));
    RedisBus.Options options = RedisBus.Options.defaults(16)
        .withProbe(Duration.ofMillis(300), Duration.ofMillis(1500));
    bus = new RedisBus(redis.uri(), new RedisKeys(ClusterServices.newKeyPrefix()), options);
  }

  @AfterEach
  void stop() throws Exception {
    if (bus != null) {
      bus.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void pausedRedisMakesBusUnhealthy() throws Exception {
    List<Message> received = new CopyOnWriteArrayList<>();
    bus.subscribe(received::add);
    assertThat(bus.startAndWait(Duration.ofSeconds(10))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(bus::healthy);

    ClusterServices.command(vertx, redis.uri(),
        Request.cmd(Command.CLIENT).arg("PAUSE").arg(4000).arg("ALL"));
    await().atMost(Duration.ofSeconds(4)).until(() -> !bus.healthy());

    await().atMost(Duration.ofSeconds(15)).until(bus::healthy);
    bus.sequence("games", Json.object().put("g1", 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
    assertThat(received.get(0).type()).isEqualTo(Message.SNAPSHOT);
    assertThat(received.get(0).seq()).isEqualTo(1);
    assertThat(received.get(0).data()).isEqualTo(Json.object().put("g1", 1));
  }
}
