package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import dev.courtside.push.Limits;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes configured with the same feed: one polls it, the other takes over. */
class FeedLeaseIT {

  private static final String LIVE_GAME = "0042200163";

  @TempDir Path dir;

  private Vertx vertx;
  private String prefix;
  private String schema;
  private final List<CourtsideServer> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ClusterServices.requireServices();
    vertx = Vertx.vertx();
    prefix = ClusterServices.newKeyPrefix();
    schema = ClusterServices.createSchema();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx == null) {
      return;
    }
    for (CourtsideServer node : nodes) {
      node.close();
    }
    ClusterServices.deleteKeys(vertx, ClusterServices.REDIS_URI, prefix);
    ClusterServices.dropSchema(schema);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private CourtsideServer startNode(String name) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(name));
    String board = Path.of(TestServers.recording(
        "nba-livedata/todaysScoreboard_00_2023-04-20.json")).toUri().toString();
    IngestSettings ingest = IngestSettings.none().withFeeds(
        List.of(FeedSpec.parse("id=board,url=" + board + ",interval=1s")));
    CourtsideServer node = CourtsideServer.startWithoutReplay(
        ClusterServices.nodeSettings(nodeDir, ClusterServices.schemaUrl(schema),
            ClusterServices.REDIS_URI), Limits.DEFAULTS, ingest, new RedisKeys(prefix));
    nodes.add(node);
    return node;
  }

  @Test
  void onlyOneNodePollsAndAnotherTakesOver() throws Exception {
    CourtsideServer first = startNode("a");
    CourtsideServer second = startNode("b");

    await().atMost(Duration.ofSeconds(15))
        .until(() -> first.pollsFeeds() || second.pollsFeeds());
    assertThat(first.pollsFeeds() && second.pollsFeeds()).as("both nodes poll").isFalse();
    CourtsideServer holder = first.pollsFeeds() ? first : second;
    CourtsideServer other = holder == first ? second : first;
    await().atMost(Duration.ofSeconds(15))
        .until(() -> holder.engine().current(LIVE_GAME).isPresent());

    holder.close();
    nodes.remove(holder);

    await().atMost(Duration.ofSeconds(15)).until(other::pollsFeeds);
    await().atMost(Duration.ofSeconds(15))
        .until(() -> other.engine().current(LIVE_GAME).isPresent());
    assertThat(other.engine().current(LIVE_GAME).orElseThrow().home().score()).isEqualTo(39);
  }
}
