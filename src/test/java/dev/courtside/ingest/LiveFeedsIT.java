package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.GameStatus;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import dev.courtside.push.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose only feed polls a saved nba.com gameinfo page from a file. */
class LiveFeedsIT {

  @TempDir
  Path dir;

  private CourtsideServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void htmlFallbackFeedReachesEngine() {
    String page = TestServers.recording(
        "html-scoreboard/nba-com-gameinfo-2016/Ex_CHIMIA_20160407_InProgress.html");
    FeedSpec spec = FeedSpec.parse("id=pages,url=file:" + page + ",interval=1s,"
        + "format=nba-gameinfo-html");

    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withFeeds(List.of(spec)));

    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.engine().current("0021501174").isPresent());
    assertThat(server.engine().current("0021501174").orElseThrow().status())
        .isEqualTo(GameStatus.LIVE);
    assertThat(server.liveFeeds().scheduler().urls()).containsExactly("file:" + page);
  }
}
