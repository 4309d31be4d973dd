package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis channel feed against the Redis server at 127.0.0.1:6379. Skipped when it does not
 * respond, unless {@code COURTSIDE_REQUIRE_SERVICES} is {@code true}, which makes it fail.
 */
class RedisChannelFeedIT {

  private static final String URI = "redis://127.0.0.1:6379";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String channel = "courtside-test-" + UUID.randomUUID();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T23:40:00Z"));
  private final MemoryGameWriter writer = new MemoryGameWriter();
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private Vertx vertx;
  private Redis publisher;
  private RedisChannelFeed feed;

  @BeforeEach
  void connect() throws Exception {
    vertx = Vertx.vertx();
    publisher = Redis.createClient(vertx, URI);
    try {
      publisher.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture()
          .get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      String reason = "Redis at " + URI + " does not respond: " + e;
      if ("true".equals(System.getenv("COURTSIDE_REQUIRE_SERVICES"))) {
        fail(reason + " (COURTSIDE_REQUIRE_SERVICES=true requires it)", e);
      }
      Assumptions.abort(reason + " (start Redis there, or set COURTSIDE_REQUIRE_SERVICES=true"
          + " to fail instead)");
    }
  }

  @AfterEach
  void close() throws Exception {
    if (feed != null) {
      feed.close();
    }
    publisher.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void start(String spec) throws Exception {
    IngestGate gate = new IngestGate(writer, quarantine, clock);
    feed = new RedisChannelFeed(vertx, RedisFeedSpec.parse(spec), null, gate, writer,
        new StaleTracker(writer), clock, Duration.ofSeconds(60),
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 1.0));
    feed.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void gameJsonMessageIsApplied() throws Exception {
    start("channel=" + channel);

    publish("{\"id\":\"r1\",\"league\":\"nba\",\"status\":\"live\",\"period\":2,"
        + "\"clock\":125.5,\"home\":{\"id\":\"100\",\"name\":\"Köln Kängurus\",\"score\":40},"
        + "\"away\":{\"id\":\"200\",\"name\":\"Away\",\"score\":38}}");

    await().atMost(WAIT).until(() -> writer.current("r1").isPresent());
    Game game = writer.current("r1").orElseThrow();
    assertThat(game.home().team().name()).isEqualTo("Köln Kängurus");
    assertThat(game.clock()).isEqualTo(Duration.ofMillis(125_500));
    assertThat(feed.games()).containsExactly("r1");
  }

  @Test
  void mappedMessageIsApplied() throws Exception {
    start("channel=" + channel + ",feed=scraper,id=$.gameId,status=$.state,home=$.teams[0].id,"
        + "away=$.teams[1].id,home-score=$.teams[0].pts,away-score=$.teams[1].pts,"
        + "period=$.quarter,clock=$.clock,league=nba");

    publish("{\"gameId\":\"m1\",\"state\":\"LIVE\",\"quarter\":\"3\",\"clock\":\"4:05\","
        + "\"teams\":[{\"id\":\"100\",\"pts\":\"70\"},{\"id\":\"200\",\"pts\":66}]}");

    await().atMost(WAIT).until(() -> writer.current("m1").isPresent());
    Game game = writer.current("m1").orElseThrow();
    assertThat(game.status()).isEqualTo(GameStatus.LIVE);
    assertThat(game.period()).isEqualTo(3);
    assertThat(game.clock()).isEqualTo(Duration.ofSeconds(245));
    assertThat(game.home().score()).isEqualTo(70);
    assertThat(game.away().score()).isEqualTo(66);
  }

  @Test
  void badMessagesAreQuarantinedAndFeedGoesOn() throws Exception {
    start("channel=" + channel + ",feed=scraper,id=$.id,status=$.status,home=$.home,"
        + "away=$.away,home-score=$.hs,away-score=$.as,period=$.period");

    publish("{\"id\":\"b1\",\"status\":\"live\",\"period\":1,\"home\":\"1\",\"away\":\"2\","
        + "\"hs\":10,\"as\":8}");
    publish("{\"id\":\"b1\",\"status\":\"live\",\"period\":1,\"home\":\"1\",\"away\":\"2\","
        + "\"hs\":4,\"as\":8}");
    publish("not json");
    publish("{\"id\":\"b1\",\"status\":\"live\",\"period\":1,\"home\":\"1\",\"away\":\"2\","
        + "\"hs\":12,\"as\":8}");

    await().atMost(WAIT).until(() -> writer.current("b1").map(g -> g.home().score())
        .orElse(0) == 12);
    List<String> reasons = quarantine.reasons();
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0)).startsWith("Invalid score 4-8 (home-away) in game b1");
    assertThat(reasons.get(1)).startsWith("Invalid message on redis channel " + channel
        + ": not valid JSON");
    assertThat(feed.messages()).isEqualTo(4);
  }

  @Test
  void lostConnectionMarksGamesStaleThenFresh() throws Exception {
    try (TcpProxy proxy = new TcpProxy(vertx, "127.0.0.1", 6379)) {
      start("channel=" + channel + ",uri=redis://127.0.0.1:" + proxy.port());
      publish("{\"id\":\"s1\",\"league\":\"nba\",\"status\":\"live\",\"period\":1,"
          + "\"home\":{\"id\":\"100\",\"score\":2},\"away\":{\"id\":\"200\",\"score\":0}}");
      await().atMost(WAIT).until(() -> writer.current("s1").isPresent());

      proxy.cut();
      await().atMost(WAIT).until(() -> !feed.connected());
      clock.advance(Duration.ofSeconds(59));
      feed.checkStale();
      assertThat(writer.calls("markStale", "s1")).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      feed.checkStale();

      assertThat(writer.current("s1").orElseThrow().stale()).isTrue();
      proxy.restore();
      await().atMost(WAIT).until(() -> !writer.current("s1").orElseThrow().stale());
      assertThat(writer.calls("markStale", "s1")).extracting(MemoryGameWriter.Call::argument)
          .containsExactly(true, false);
    }
  }

  private void publish(String message) throws Exception {
    RedisAPI.api(publisher).publish(channel, message).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }
}
