package dev.courtside.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The {@link GameStore} contract, run by a subclass per database against a fresh, empty
 * database for each test.
 */
abstract class GameStoreTest {

  static final Duration RETRY_MIN_DELAY = Duration.ofMillis(20);

  static final JdbcGameStore.Options FAST_RETRY =
      new JdbcGameStore.Options(100_000, RETRY_MIN_DELAY, Duration.ofMillis(200),
          Duration.ofSeconds(5));

  private final List<JdbcGameStore> openedStores = new ArrayList<>();

  /** Returns the JDBC URL of this test's database, the same on every call within a test. */
  abstract String databaseUrl();

  /** Removes this test's database after its stores are closed. The default does nothing. */
  void dropDatabase() throws SQLException {}

  JdbcGameStore openStore() {
    return openStore(FAST_RETRY);
  }

  JdbcGameStore openStore(JdbcGameStore.Options options) {
    JdbcGameStore store = JdbcGameStore.open(databaseUrl(), options);
    openedStores.add(store);
    return store;
  }

  @AfterEach
  void closeStoresAndDropDatabase() throws SQLException {
    openedStores.forEach(JdbcGameStore::close);
    dropDatabase();
  }

  /** Runs one statement on a connection of its own, as an operator would. */
  void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(databaseUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static final Team NETS = new Team("nba", "1610612751", "Brooklyn Nets", "BKN", "Brooklyn");
  static final Team LAKERS =
      new Team("nba", "1610612747", "Los Angeles Lakers", "LAL", "Los Angeles");

  static Play play(String gameId, long action, long order) {
    return new Play(gameId, action, order, 2, Duration.ofMillis(61_230), NETS.id(), "2pt",
        "Durant 15' jump shot (" + action + ")", 52, 48,
        Instant.parse("2026-12-04T01:12:03.250Z"), false);
  }

  /** Returns a live game in overtime with every optional field set. */
  static Game liveGame(String id) {
    Side home = new Side(NETS, 108, List.of(27, 25, 30, 18, 8));
    Side away = new Side(LAKERS, 104, List.of(30, 22, 24, 20, 8));
    Play lastPlay = new Play(id, 651, 640, 5, Duration.ofMillis(7_450), LAKERS.id(),
        "3pt", "James 26' 3PT", 108, 104, Instant.parse("2026-12-04T03:01:59Z"), false);
    return new Game(id, "nba", Instant.parse("2026-12-04T00:30:00Z"), home, away,
        GameStatus.LIVE, 5, 4, Duration.ofMillis(7_450), lastPlay, true, 913);
  }

  /** Returns a game that has not started, with no start time, clock or last play. */
  static Game scheduledGame(String id) {
    return Game.scheduled(id, "nba", null, LAKERS, NETS, 4);
  }

  @Test
  void savedStateSurvivesReopen() {
    JdbcGameStore store = openStore();
    Game live = liveGame("0022000001");
    Game scheduled = scheduledGame("0022000002");
    Play first = play(live.id(), 10, 10);
    Play second = new Play(live.id(), 12, 11, 1, null, null, "timeout", "", 0, 0, null, false);
    store.saveGame(live);
    store.saveGame(scheduled);
    store.savePlay(first);
    store.savePlay(second);
    store.close();

    JdbcGameStore reopened = openStore();

    assertThat(reopened.loadGames()).containsExactly(live, scheduled);
    assertThat(reopened.loadGame(live.id())).contains(live);
    assertThat(reopened.loadGame(scheduled.id())).contains(scheduled);
    assertThat(reopened.loadPlays(live.id(), null, 10)).containsExactly(second, first);
  }

  @Test
  void liveGameKeepsEveryField() {
    JdbcGameStore store = openStore();
    Game live = liveGame("0022000001");
    store.saveGame(live);
    store.flush();

    Game loaded = store.loadGame(live.id()).orElseThrow();

    assertThat(loaded.home().periods()).containsExactly(27, 25, 30, 18, 8);
    assertThat(loaded.away().periods()).containsExactly(30, 22, 24, 20, 8);
    assertThat(loaded.clock()).isEqualTo(Duration.ofMillis(7_450));
    assertThat(loaded.lastPlay()).isEqualTo(live.lastPlay());
    assertThat(loaded.stale()).isTrue();
    assertThat(loaded.start()).isEqualTo(live.start());
    assertThat(loaded.seq()).isEqualTo(913);
  }

  @Test
  void laterGameStateReplacesEarlier() {
    JdbcGameStore store = openStore();
    Game live = liveGame("0022000001");
    store.saveGame(live.withSeq(1));
    store.flush();
    store.saveGame(live.withSeq(2));
    store.saveGame(live.withStatus(GameStatus.FINAL).withSeq(3));
    store.flush();

    assertThat(store.loadGames()).containsExactly(live.withStatus(GameStatus.FINAL).withSeq(3));
  }

  @Test
  void missingGameLoadsEmpty() {
    JdbcGameStore store = openStore();

    assertThat(store.loadGame("0022009999")).isEmpty();
    assertThat(store.loadGames()).isEmpty();
    assertThat(store.loadPlays("0022009999", null, 10)).isEmpty();
  }

  @Test
  void editedPlayReplacesEarlier() {
    JdbcGameStore store = openStore();
    String gameId = "0022000001";
    Play original = play(gameId, 7, 7);
    Play durableEdit = new Play(gameId, 7, 7, 2, Duration.ofMillis(60_000), NETS.id(), "3pt",
        "Durant 25' 3PT (corrected)", 53, 48, null, false);
    Play queuedEdit = new Play(gameId, 7, 7, 2, Duration.ofMillis(60_000), NETS.id(), "3pt",
        "Durant 25' 3PT (corrected twice)", 53, 48, null, false);

    store.savePlay(original);
    store.flush();
    store.savePlay(durableEdit);
    store.flush();

    assertThat(store.loadPlays(gameId, null, 10)).containsExactly(durableEdit);

    store.savePlay(original);
    store.savePlay(queuedEdit);
    store.flush();

    assertThat(store.loadPlays(gameId, null, 10)).containsExactly(queuedEdit);
  }

  @Test
  void deletedPlaysAreExcluded() {
    JdbcGameStore store = openStore();
    String gameId = "0022000001";
    Play kept = play(gameId, 1, 1);
    Play withdrawn = play(gameId, 2, 2);
    store.savePlay(kept);
    store.savePlay(withdrawn);
    store.flush();
    store.savePlay(withdrawn.asDeleted());
    store.savePlay(play(gameId, 3, 3).asDeleted());
    store.flush();

    assertThat(store.loadPlays(gameId, null, 10)).containsExactly(kept);
  }

  @Test
  void pagesAreNewestFirstWithoutOverlap() {
    JdbcGameStore store = openStore();
    String gameId = "0022000001";
    List<Play> saved = new ArrayList<>();
    // Action numbers run against the order, so a page sorted by action would fail.
    for (int i = 0; i < 25; i++) {
      Play play = play(gameId, 1_000 - i, i * 10);
      saved.add(play);
      store.savePlay(play);
    }
    store.savePlay(play("0022000002", 5, 5));
    store.flush();

    List<Play> first = store.loadPlays(gameId, null, 10);
    List<Play> second = store.loadPlays(gameId, first.get(9).order(), 10);
    List<Play> third = store.loadPlays(gameId, second.get(9).order(), 10);
    List<Play> beyond = store.loadPlays(gameId, third.get(4).order(), 10);

    assertThat(first).hasSize(10);
    assertThat(second).hasSize(10);
    assertThat(third).hasSize(5);
    assertThat(beyond).isEmpty();
    List<Play> all = new ArrayList<>(first);
    all.addAll(second);
    all.addAll(third);
    List<Play> expected = new ArrayList<>(saved);
    expected.sort(Comparator.comparingLong(Play::order).reversed());
    assertThat(all).containsExactlyElementsOf(expected);
    Set<Long> actions = new HashSet<>();
    all.forEach(play -> actions.add(play.action()));
    assertThat(actions).hasSize(25);
  }

  @Test
  void zeroLimitReturnsNoPlays() {
    JdbcGameStore store = openStore();
    store.savePlay(play("0022000001", 1, 1));
    store.flush();

    assertThat(store.loadPlays("0022000001", null, 0)).isEmpty();
    assertThatThrownBy(() -> store.loadPlays("0022000001", null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid limit -1: expected 0 or more");
  }

  @Test
  void deletePlaysKeepsLaterPlays() {
    JdbcGameStore store = openStore();
    String gameId = "0022000001";
    Play otherGame = play("0022000002", 1, 1);
    store.savePlay(play(gameId, 1, 1));
    store.savePlay(otherGame);
    store.flush();
    store.savePlay(play(gameId, 2, 2));
    store.deletePlays(gameId);
    Play afterRestart = play(gameId, 1, 1);
    store.savePlay(afterRestart);
    store.flush();

    assertThat(store.loadPlays(gameId, null, 10)).containsExactly(afterRestart);
    assertThat(store.loadPlays(otherGame.gameId(), null, 10)).containsExactly(otherGame);

    store.deletePlays(gameId);
    store.flush();

    assertThat(store.loadPlays(gameId, null, 10)).isEmpty();
  }

  @Test
  void callsAfterCloseAreRejected() {
    JdbcGameStore store = openStore();
    store.close();

    assertThatThrownBy(() -> store.saveGame(liveGame("0022000001")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Rejected saveGame for game 0022000001 because the store is closed");
    assertThatThrownBy(() -> store.savePlay(play("0022000001", 4, 4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Rejected savePlay 4 for game 0022000001 because the store is closed");
    assertThatThrownBy(() -> store.deletePlays("0022000001"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Rejected deletePlays for game 0022000001 because the store is closed");
    assertThatThrownBy(store::loadGames)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Rejected load games because the store is closed");
    assertThat(store.healthy()).isFalse();
    store.close();
  }

  @Test
  void failedWritesLandAfterRecovery() throws SQLException {
    JdbcGameStore store = openStore();
    String gameId = "0022000001";
    store.savePlay(play(gameId, 1, 1));
    store.flush();
    assertThat(store.healthy()).isTrue();
    ListAppender<ILoggingEvent> logs = captureStoreLogs();

    execute("ALTER TABLE plays RENAME TO plays_away");
    Game live = liveGame(gameId);
    Play second = play(gameId, 2, 2);
    store.saveGame(live);
    store.savePlay(second);

    await().until(() -> !store.healthy());
    assertThat(store.flush(Duration.ofMillis(50))).isFalse();
    await().until(() -> debugAttempts(logs) >= 2);
    execute("ALTER TABLE plays_away RENAME TO plays");
    Play third = play(gameId, 3, 3);
    store.savePlay(third);

    await().until(store::healthy);
    store.flush();
    assertThat(store.loadGame(gameId)).contains(live);
    assertThat(store.loadPlays(gameId, null, 10))
        .containsExactly(third, second, play(gameId, 1, 1));
    List<ILoggingEvent> events = recorded(logs);
    List<ILoggingEvent> warnings =
        events.stream().filter(event -> event.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage())
        .startsWith("store write failed attempts=1 retryInMs=" + RETRY_MIN_DELAY.toMillis()
            + " queued=");
    assertThat(events).anyMatch(event -> event.getLevel() == Level.INFO
        && event.getFormattedMessage().startsWith("store write recovered url="));
  }

  @Test
  void fullQueueRejectsNewEntries() throws SQLException {
    JdbcGameStore store = openStore(new JdbcGameStore.Options(
        2, RETRY_MIN_DELAY, Duration.ofMillis(200), Duration.ofSeconds(5)));
    execute("ALTER TABLE games RENAME TO games_away");
    Game first = liveGame("0022000001");
    store.saveGame(first);
    store.saveGame(scheduledGame("0022000002"));
    await().until(() -> !store.healthy());

    assertThatThrownBy(() -> store.saveGame(liveGame("0022000003")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Rejected saveGame for game 0022000003 because the store write"
            + " queue is full: 2 writes are waiting for the database at ");
    Game replacement = first.withStatus(GameStatus.FINAL);
    store.saveGame(replacement);

    execute("ALTER TABLE games_away RENAME TO games");
    store.flush();
    assertThat(store.loadGames()).containsExactly(replacement, scheduledGame("0022000002"));
  }

  @Test
  void closeGivesUpAfterTimeout() throws SQLException {
    JdbcGameStore store = openStore(new JdbcGameStore.Options(
        100, RETRY_MIN_DELAY, Duration.ofMillis(200), Duration.ofMillis(300)));
    execute("ALTER TABLE games RENAME TO games_away");
    store.saveGame(liveGame("0022000001"));
    await().until(() -> !store.healthy());
    ListAppender<ILoggingEvent> logs = captureStoreLogs();

    store.close();

    List<ILoggingEvent> errors = recorded(logs).stream()
        .filter(event -> event.getLevel() == Level.ERROR).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getFormattedMessage())
        .startsWith("store closed with unwritten writes url=")
        .endsWith(" unwritten=1 closeTimeoutMs=300");
    assertThatThrownBy(store::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith(
            " because the store was closed before the queued writes were durable");
  }

  @Test
  void concurrentWritesAllLand() throws InterruptedException {
    JdbcGameStore store = openStore();
    int threads = 4;
    int playsPerThread = 500;
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String gameId = "00220000" + t;
      writers.add(new Thread(() -> {
        for (int i = 0; i < playsPerThread; i++) {
          store.savePlay(play(gameId, i, i));
          store.saveGame(liveGame(gameId).withSeq(i));
        }
      }));
    }
    writers.forEach(Thread::start);
    for (Thread writer : writers) {
      writer.join();
    }
    store.flush();

    for (int t = 0; t < threads; t++) {
      String gameId = "00220000" + t;
      assertThat(store.loadPlays(gameId, null, playsPerThread * 2)).hasSize(playsPerThread);
      assertThat(store.loadGame(gameId).orElseThrow().seq()).isEqualTo(playsPerThread - 1);
    }
  }

  /** Counts the DEBUG lines of retries after the first failure, which follow the WARN. */
  private static long debugAttempts(ListAppender<ILoggingEvent> logs) {
    return recorded(logs).stream()
        .filter(event -> event.getLevel() == Level.DEBUG)
        .filter(event -> event.getFormattedMessage().startsWith("store write failed"))
        .count();
  }

  /** Copies the recorded events under the appender's lock, which the writer appends under. */
  private static List<ILoggingEvent> recorded(ListAppender<ILoggingEvent> logs) {
    synchronized (logs) {
      return List.copyOf(logs.list);
    }
  }

  /**
   * Records the store writer's log events for one test, with DEBUG enabled so that retries
   * after the first are recorded too.
   */
  private ListAppender<ILoggingEvent> captureStoreLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger(StoreWriter.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level previousLevel = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
    logCaptureCleanup = () -> {
      logger.detachAppender(appender);
      logger.setLevel(previousLevel);
    };
    return appender;
  }

  private Runnable logCaptureCleanup = () -> {};

  @AfterEach
  void stopLogCapture() {
    logCaptureCleanup.run();
  }
}
