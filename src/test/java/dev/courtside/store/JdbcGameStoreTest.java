package dev.courtside.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Game;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link GameStore} contract on an H2 file, and what is particular to H2 and URLs. */
class JdbcGameStoreTest extends GameStoreTest {

  @TempDir Path directory;

  private String databaseUrl;

  @BeforeEach
  void createDatabaseUrl() {
    // A folder that does not exist yet, as ./data does on a first start.
    Path file = directory.resolve("data/courtside");
    databaseUrl = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  @Override
  String databaseUrl() {
    return databaseUrl;
  }

  @Test
  void writesLandAfterDatabaseShutdown() throws SQLException {
    JdbcGameStore store = openStore();
    Game before = liveGame("0022000001");
    store.saveGame(before);
    store.flush();

    execute("SHUTDOWN");
    Game after = scheduledGame("0022000002");
    store.saveGame(after);

    store.flush();
    await().ignoreException(StoreException.class)
        .until(() -> store.loadGames().size() == 2);
    assertThat(store.loadGames()).containsExactly(before, after);
    assertThat(store.healthy()).isTrue();
  }

  @Test
  void urlWithoutCloseSettingGetsIt() {
    String url = "jdbc:h2:file:" + directory.resolve("other");

    StoreUrl parsed = StoreUrl.parse(url);

    assertThat(parsed.connectionUrl()).isEqualTo(url + ";DB_CLOSE_ON_EXIT=FALSE");
    assertThat(parsed.dialect()).isEqualTo(SqlDialect.H2);
  }

  @Test
  void inMemoryDatabaseKeepsMigrations() {
    databaseUrl = "jdbc:h2:mem:store-test";
    JdbcGameStore store = openStore();
    store.saveGame(liveGame("0022000001"));
    store.flush();

    assertThat(store.loadGames()).containsExactly(liveGame("0022000001"));
  }

  @Test
  void otherDatabaseUrlIsRejected() {
    assertThatThrownBy(() -> JdbcGameStore.open("jdbc:mysql://127.0.0.1/test?password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid store URL 'jdbc:mysql://127.0.0.1/test?password=***':"
            + " expected jdbc:h2:... or jdbc:postgresql://...");
    assertThatThrownBy(() -> JdbcGameStore.open(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing store URL: expected jdbc:h2:... or jdbc:postgresql://...");
  }

  @Test
  void unreachableDatabaseNamesUrlWithoutPassword() {
    // Port 1 on loopback has no listener, so the connection is refused at once.
    String url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2";

    assertThatThrownBy(() -> JdbcGameStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("Failed to connect to the store at"
            + " jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=***: ")
        .hasMessageContaining("refused")
        .message().doesNotContain("hunter2");
  }

  @Test
  void unusableH2PathFailsOpen() throws IOException {
    Path blocker = Files.createFile(directory.resolve("blocker"));
    String url = "jdbc:h2:file:" + blocker.resolve("courtside");

    assertThatThrownBy(() -> JdbcGameStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("Failed to connect to the store at " + url + ": ");
  }

  @Test
  void passwordsAreRedacted() {
    assertThat(StoreUrl.redact("jdbc:h2:file:./data/courtside;USER=sa;PASSWORD=hunter2;MODE=X"))
        .isEqualTo("jdbc:h2:file:./data/courtside;USER=sa;PASSWORD=***;MODE=X");
    assertThat(StoreUrl.redact("jdbc:postgresql://courtside:hunter2@db:5432/courtside"))
        .isEqualTo("jdbc:postgresql://courtside:***@db:5432/courtside");
    assertThat(StoreUrl.redact("jdbc:postgresql://db/courtside?password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/courtside?password=***&ssl=true");
  }
}
