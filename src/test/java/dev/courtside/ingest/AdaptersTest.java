package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AdaptersTest {

  @Test
  void formatsAreRecognizedFromContent() throws Exception {
    String[][] cases = {
        {"nba-livedata/playbyplay_0022000001.json", "nba-playbyplay"},
        {"nba-livedata/playbyplay_0022000180.json", "nba-playbyplay"},
        {"nba-livedata/boxscore_0022000001.json", "nba-boxscore"},
        {"nba-livedata/boxscore_0042200123.json", "nba-boxscore"},
        {"nba-livedata/todaysScoreboard_00_2023-04-20.json", "nba-scoreboard"},
        {"espn/nba_scoreboard_2026-05-02_in_progress.json", "espn-scoreboard"},
        {"espn/nba_scoreboard_2026-offseason_empty_events.json", "espn-scoreboard"},
        {"espn/nba_summary_401468642_DAL-at-HOU_2022-12-23.json", "espn-summary"},
        {"html-scoreboard/nba-com-game-page-next-data_ind-vs-mem-0022400306.json",
            "nba-gamepage"},
        {"nba-stats/data_nba_mobile_pbp_0021600270.json", "data-nba-mobile-playbyplay"},
        {"nba-stats/stats_playbyplay_v1_0021401082.json", "stats-nba-playbyplay"},
        {"nba-stats/stats_playbyplayv2_0021900001_raw.json", "stats-nba-playbyplay"},
    };
    for (String[] row : cases) {
      FeedBatch batch = Adapters.read("payload", Payloads.bytes(row[0]));

      assertThat(batch.format()).as(row[0]).isEqualTo(row[1]);
      assertThat(batch.rejections()).as(row[0]).isEmpty();
    }
  }

  @Test
  void eachRecordingMatchesOneAdapter() throws Exception {
    String[] recordings = {
        "nba-livedata/playbyplay_0022000001.json",
        "nba-livedata/boxscore_0022000001.json",
        "nba-livedata/todaysScoreboard_00_2023-04-20.json",
        "espn/nba_scoreboard_2026-05-02_in_progress.json",
        "espn/nba_summary_401468642_DAL-at-HOU_2022-12-23.json",
        "html-scoreboard/nba-com-game-page-next-data_ind-vs-mem-0022400306.json",
        "nba-stats/data_nba_mobile_pbp_0021600270.json",
        "nba-stats/stats_playbyplayv2_0021900001_raw.json",
    };
    for (String recording : recordings) {
      JsonNode root = Payloads.tree(recording);

      long matches = Adapters.all().stream().filter(a -> a.recognizes(root)).count();

      assertThat(matches).as(recording).isEqualTo(1);
    }
  }

  @Test
  void accessDeniedPageIsRejected() {
    String recording = "error-responses/espn_scoreboard_akamai_access_denied.html.json";

    assertThatThrownBy(() -> Payloads.read(recording))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("Failed to read espn_scoreboard_akamai_access_denied.html.json: the"
            + " provider's edge served an \"Access Denied\" HTML page (reference"
            + " #18.375e6acb.1785926870.3bf1ee9e) in place of data, so it blocks this client."
            + " Keep the last state and retry later");
  }

  @Test
  void unknownHtmlPageIsRejected() {
    byte[] page = "<!DOCTYPE html><html><head><title>Scores</title></head></html>".getBytes();

    assertThatThrownBy(() -> Adapters.read("page.html", page))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("Failed to read page.html: the payload is HTML, not JSON. Check that the URL"
            + " is a JSON endpoint and that the provider did not serve an error page in its"
            + " place");
  }

  @Test
  void truncatedJsonIsRejected() {
    byte[] whole = Payloads.bytes("nba-livedata/boxscore_0022000001.json");
    byte[] truncated = Arrays.copyOf(whole, 1000);

    assertThatThrownBy(() -> Adapters.read("boxscore.json", truncated))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("Failed to read boxscore.json: not valid JSON at line 1, column")
        .hasMessageContaining("end-of-input");
  }

  @Test
  void unknownFormatIsRejected() {
    assertThatThrownBy(() -> Payloads.read("thesportsdb/lookupevent_2267073.json"))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage("Failed to read lookupevent_2267073.json: unknown format, expected one of"
            + " nba-playbyplay, nba-boxscore, nba-scoreboard, nba-gamepage, espn-scoreboard,"
            + " espn-summary, data-nba-mobile-playbyplay, stats-nba-playbyplay,"
            + " courtside-game");
  }

  @Test
  void jsonArrayIsUnknownFormat() {
    assertThatThrownBy(() -> Adapters.read("list.json", "[1, 2]".getBytes()))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageStartingWith("Failed to read list.json: unknown format");
  }

  @Test
  void exceptionNamesItsSource() {
    assertThatThrownBy(() -> Adapters.read("feeds/espn-scoreboard", "{".getBytes()))
        .isInstanceOfSatisfying(FeedFormatException.class,
            e -> assertThat(e.source()).isEqualTo("feeds/espn-scoreboard"));
  }

  @Test
  void formatsListsEveryAdapter() {
    assertThat(Adapters.formats()).hasSize(Adapters.all().size()).doesNotHaveDuplicates();
  }
}
