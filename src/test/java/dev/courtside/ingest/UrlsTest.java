package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

  @Test
  void hostOfDropsUserInfoPathAndQuery() {
    assertThat(Urls.hostOf("https://user:secret@feeds.example.com:8443/board?key=abc"))
        .isEqualTo("feeds.example.com:8443");
    assertThat(Urls.hostOf("http://127.0.0.1/board")).isEqualTo("127.0.0.1");
    assertThat(Urls.hostOf("redis://:password@redis:6379/0")).isEqualTo("redis:6379");
  }

  @Test
  void hostOfFileAndInvalidUrls() {
    assertThat(Urls.hostOf("file:/data/board.json")).isEqualTo("file");
    assertThat(Urls.hostOf("http://bad host/")).isEqualTo("(invalid URL)");
  }

  @Test
  void withoutQueriesRemovesQueriesAndUserInfo() {
    String error = "Unexpected format x from https://user:pw@h.example/board?apiKey=s3cret&d=1"
        + ": expected espn-scoreboard";

    String cleaned = Urls.withoutQueries(error);

    assertThat(cleaned).isEqualTo("Unexpected format x from https://h.example/board?..."
        + ": expected espn-scoreboard");
    assertThat(cleaned).doesNotContain("s3cret");
    assertThat(cleaned).doesNotContain("pw");
  }

  @Test
  void withoutQueriesKeepsPlainErrors() {
    assertThat(Urls.withoutQueries("HTTP status 500")).isEqualTo("HTTP status 500");
    assertThat(Urls.withoutQueries(null)).isNull();
  }
}
