package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courtside.store.JdbcQuarantineStore;
import dev.courtside.store.QuarantineStore.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcQuarantineStoreTest {

  @TempDir
  Path dir;

  @Test
  void entriesListNewestFirst() {
    try (JdbcQuarantineStore store = JdbcQuarantineStore.open("jdbc:h2:file:" + dir.resolve("q"))) {
      Instant time = Instant.parse("2026-05-02T23:40:00Z");
      for (int i = 1; i <= 3; i++) {
        store.add(new Entry("nba-live", "board.json", "game " + i, "Invalid score", "{}",
            time.plusSeconds(i)));
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> store.latest(10).size() == 3);
      List<Entry> two = store.latest(2);

      assertThat(two).extracting(Entry::record).containsExactly("game 3", "game 2");
      assertThat(two.get(0).time()).isEqualTo(time.plusSeconds(3));
      assertThat(two.get(0).feed()).isEqualTo("nba-live");
      assertThat(two.get(0).source()).isEqualTo("board.json");
    }
  }

  @Test
  void longExcerptIsCut() {
    Entry entry = new Entry("push", "", "payload", "bad", "x".repeat(5000), Instant.EPOCH);

    assertThat(entry.excerpt()).hasSize(Entry.MAX_EXCERPT);
  }

  @Test
  void limitBelowOneIsRejected() {
    try (JdbcQuarantineStore store = JdbcQuarantineStore.open("jdbc:h2:file:" + dir.resolve("q"))) {
      assertThatThrownBy(() -> store.latest(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid limit 0: expected 1 or more");
    }
  }

  @Test
  void entriesSurviveReopen() {
    String url = "jdbc:h2:file:" + dir.resolve("q");
    try (JdbcQuarantineStore store = JdbcQuarantineStore.open(url)) {
      store.add(new Entry("push", "POST /ingest/batch[0]", "game 1", "bad", "{}", Instant.EPOCH));
    }

    try (JdbcQuarantineStore reopened = JdbcQuarantineStore.open(url)) {
      assertThat(reopened.latest(5)).extracting(Entry::record).containsExactly("game 1");
    }
  }
}
