package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code nba-live} preset against recorded liveData payloads served locally: the
 * scoreboard is derived from the box score of game 0022000001 with its status set to live.
 */
class NbaLiveFeedTest {

  private static final String ROOT = "/static/json/liveData";
  private static final String BOARD = ROOT + "/scoreboard/todaysScoreboard_00.json";
  private static final String PLAYS = ROOT + "/playbyplay/playbyplay_0022000001.json";
  private static final String BOX = ROOT + "/boxscore/boxscore_0022000001.json";
  private static final String GAME = "0022000001";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2020-12-23T02:00:00Z"));
  private final MemoryGameWriter writer = new MemoryGameWriter();
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private FeedTestServer server;
  private Vertx vertx;
  private HttpFetcher fetcher;
  private FeedScheduler scheduler;
  private PollingFeed feed;

  @BeforeEach
  void start() throws Exception {
    server = new FeedTestServer();
    vertx = Vertx.vertx();
    fetcher = new HttpFetcher(vertx, HttpFetcher.Options.defaults(), clock);
    scheduler = new FeedScheduler(vertx, fetcher, clock,
        FeedScheduler.Policy.defaults(Duration.ofSeconds(60)), new StaleTracker(writer),
        () -> true);
    feed = new PollingFeed(FeedSpec.parse("nba-live,base=" + server.base()), scheduler,
        new IngestGate(writer, quarantine, clock), writer);
    feed.start();
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.close();
    fetcher.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void liveGameDetailsArePolled() {
    serveLive();

    pollAll();
    pollAll();

    assertThat(server.count(PLAYS)).isEqualTo(1);
    assertThat(server.count(BOX)).isEqualTo(1);
    assertThat(feed.detailedGames()).containsExactly(GAME);
    assertThat(writer.calls("applyPlay", GAME)).hasSizeGreaterThan(500);
    assertThat(writer.current(GAME).orElseThrow().home().score()).isEqualTo(125);
    assertThat(writer.current(GAME).orElseThrow().home().team().name())
        .isEqualTo("Brooklyn Nets");
    assertThat(quarantine.entries()).isEmpty();
  }

  @Test
  void finalGameStopsDetailPolling() {
    serveLive();
    pollAll();
    pollAll();
    server.respond(BOARD, board(Payloads.tree("nba-livedata/boxscore_0022000001.json")));
    server.respond(BOX, FeedTestServer.Canned.json(
        Payloads.bytes("nba-livedata/boxscore_0022000001.json")));
    clock.advance(Duration.ofSeconds(15));

    pollAll();
    pollAll();

    assertThat(feed.detailedGames()).isEmpty();
    assertThat(scheduler.urls()).containsExactly(server.url(BOARD));
    assertThat(writer.current(GAME).orElseThrow().status()).isEqualTo(GameStatus.FINAL);
  }

  @Test
  void finalGameComingBackLiveIsPolledAgain() {
    server.respond(BOARD, board(Payloads.tree("nba-livedata/boxscore_0022000001.json")));
    pollAll();
    assertThat(feed.detailedGames()).isEmpty();
    serveLive();
    clock.advance(Duration.ofSeconds(15));

    pollAll();

    assertThat(writer.current(GAME).orElseThrow().status()).isEqualTo(GameStatus.LIVE);
    assertThat(feed.detailedGames()).containsExactly(GAME);
  }

  @Test
  void playMissingFromNextPollIsDeleted() {
    serveLive();
    pollAll();
    pollAll();
    ObjectNode plays = Payloads.tree("nba-livedata/playbyplay_0022000001.json");
    ArrayNode actions = (ArrayNode) plays.at("/game/actions");
    JsonNode removed = actions.remove(actions.size() - 2);
    server.respond(PLAYS, json(plays));
    clock.advance(Duration.ofSeconds(5));

    pollAll();

    long action = removed.path("actionNumber").asLong();
    assertThat(writer.calls("applyPlay", GAME)).extracting(call -> (Play) call.argument())
        .filteredOn(Play::deleted).extracting(Play::action).containsExactly(action);
  }

  private void serveLive() {
    ObjectNode box = Payloads.tree("nba-livedata/boxscore_0022000001.json");
    live((ObjectNode) box.get("game"));
    server.respond(BOARD, board(box));
    server.respond(BOX, json(box));
    server.respond(PLAYS, FeedTestServer.Canned.json(
        Payloads.bytes("nba-livedata/playbyplay_0022000001.json")));
  }

  /** Sets the game to live late in the fourth quarter, with the box score's final score. */
  private static void live(ObjectNode game) {
    game.put("gameStatus", 2);
    game.put("gameStatusText", "Q4 0:30");
    game.put("gameClock", "PT00M30.00S");
  }

  private static FeedTestServer.Canned board(ObjectNode box) {
    ObjectNode board = Json.object();
    board.putObject("scoreboard").putArray("games").add(box.get("game"));
    return json(board);
  }

  private static FeedTestServer.Canned json(JsonNode tree) {
    return new FeedTestServer.Canned(200, Map.of("Content-Type", "application/json"),
        Json.write(tree).getBytes(StandardCharsets.UTF_8), false);
  }

  /** Sends every request due now and waits until all of them are handled. */
  private void pollAll() {
    scheduler.tick();
    await().atMost(WAIT).until(() -> scheduler.urls().stream()
        .map(scheduler::target).allMatch(target -> target == null || !target.inFlight));
  }
}
