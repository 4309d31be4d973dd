package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedSpecTest {

  @Test
  void nbaLivePresetUsesLiveDataUrls() {
    FeedSpec spec = FeedSpec.parse("nba-live");

    assertThat(spec.id()).isEqualTo("nba-live");
    assertThat(spec.url()).isEqualTo(
        "https://cdn.nba.com/static/json/liveData/scoreboard/todaysScoreboard_00.json");
    assertThat(spec.detailUrlsOf("0022000001")).containsExactly(
        "https://cdn.nba.com/static/json/liveData/playbyplay/playbyplay_0022000001.json",
        "https://cdn.nba.com/static/json/liveData/boxscore/boxscore_0022000001.json");
    assertThat(spec.format()).isEqualTo("nba-scoreboard");
  }

  @Test
  void espnPresetTakesBaseAndIntervals() {
    FeedSpec spec = FeedSpec.parse("espn-nba,base=http://127.0.0.1:8081/,interval=30s,"
        + "detail-interval=2s");

    assertThat(spec.url()).isEqualTo(
        "http://127.0.0.1:8081/apis/site/v2/sports/basketball/nba/scoreboard");
    assertThat(spec.detailUrlsOf("401869412")).containsExactly(
        "http://127.0.0.1:8081/apis/site/v2/sports/basketball/nba/summary?event=401869412");
    assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.detailInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void ownFeedReadsEveryKey() {
    FeedSpec spec = FeedSpec.parse("id=pages,url=file:/srv/page.html,interval=1500ms,"
        + "format=nba-gameinfo-html");

    assertThat(spec.id()).isEqualTo("pages");
    assertThat(spec.url()).isEqualTo("file:/srv/page.html");
    assertThat(spec.format()).isEqualTo("nba-gameinfo-html");
    assertThat(spec.detailUrls()).isEmpty();
  }

  @Test
  void baseHostWithUnderscoreIsAccepted() {
    FeedSpec spec = FeedSpec.parse("nba-live,base=http://feed_replay:8081");

    assertThat(spec.url()).isEqualTo(
        "http://feed_replay:8081/static/json/liveData/scoreboard/todaysScoreboard_00.json");
  }

  @Test
  void invalidValuesAreRejected() {
    String[][] cases = {
        {"cbs-live", "Invalid feed 'cbs-live': unknown preset 'cbs-live', expected nba-live or"
            + " espn-nba"},
        {"url=http://h/x", "Invalid feed 'url=http://h/x': id is missing"},
        {"id=x,url=ftp://h/x", "Invalid feed 'id=x,url=ftp://h/x': url 'ftp://h/x' is not an"
            + " absolute http:// or https:// URL with a host, or a file: URL, such as"
            + " https://cdn.nba.com"},
        {"id=x,url=127.0.0.1:8081/board.json", "Invalid feed 'id=x,url=127.0.0.1:8081/"
            + "board.json': url '127.0.0.1:8081/board.json' is not an absolute http:// or"
            + " https:// URL with a host, or a file: URL, such as https://cdn.nba.com"},
        {"id=x,url=http:///board.json", "Invalid feed 'id=x,url=http:///board.json': url"
            + " 'http:///board.json' is not an absolute http:// or https:// URL with a host, or a"
            + " file: URL, such as https://cdn.nba.com"},
        {"id=x,url=http://h/x,detail=/game/{gameId}.json", "Invalid feed 'id=x,url=http://h/x,"
            + "detail=/game/{gameId}.json': detail '/game/{gameId}.json' is not an absolute"
            + " http:// or https:// URL with a host, or a file: URL, such as"
            + " https://cdn.nba.com"},
        {"nba-live,base=cdn.nba.com", "Invalid feed 'nba-live,base=cdn.nba.com': base"
            + " 'cdn.nba.com' is not an absolute http:// or https:// URL with a host, such as"
            + " https://cdn.nba.com"},
        {"espn-nba,base=file:/srv/espn", "Invalid feed 'espn-nba,base=file:/srv/espn': base"
            + " 'file:/srv/espn' is not an absolute http:// or https:// URL with a host, such as"
            + " https://cdn.nba.com"},
        {"nba-live,base=http://a b", "Invalid feed 'nba-live,base=http://a b': base"
            + " 'http://a b' is not an absolute http:// or https:// URL with a host, such as"
            + " https://cdn.nba.com"},
        {"nba-live,interval=0s", "Invalid feed 'nba-live,interval=0s': interval '0s' is below"
            + " the minimum of 1s"},
        {"nba-live,interval=soon", "Invalid feed 'nba-live,interval=soon': interval 'soon' is"
            + " not a duration such as 500ms, 5s or 2m"},
        {"id=x,url=http://h/x,detail=http://h/y", "Invalid feed 'id=x,url=http://h/x,"
            + "detail=http://h/y': detail URL 'http://h/y' must contain {gameId}"},
        {"id=x,url=http://h/x?key=secret,colour=red", "Invalid feed"
            + " 'id=x,url=http://h/x?key=***': unknown key 'colour', expected id, url, base,"
            + " interval, detail, detail-interval or format"},
    };
    for (String[] row : cases) {
      assertThatThrownBy(() -> FeedSpec.parse(row[0])).as(row[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(row[1]);
    }
  }
}
