package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.bus.LocalBus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.engine.GameEngine;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import dev.courtside.store.GameStore;
import dev.courtside.store.MemoryJournal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine keeps delivering while the store rejects writes because its queue is full. */
class FullStoreQueueTest {

  @Test
  void engineDeliversWhileStoreRejects() throws Exception {
    RejectingStore store = new RejectingStore();
    ChannelLog channels = new ChannelLog(new MemoryJournal(100), new LocalBus());
    GameEngine engine = new GameEngine(channels, store);
    FeedBatch batch = Payloads.read("nba-livedata/boxscore_0022000001.json");
    Game game = batch.snapshots().get(0);

    engine.applySnapshot(game);
    engine.applySnapshot(game.withPeriodAndClock(4, Duration.ofSeconds(30)));

    assertThat(engine.current(game.id())).isPresent();
    assertThat(engine.current(game.id()).orElseThrow().clock()).isEqualTo(Duration.ofSeconds(30));
    assertThat(channels.find(GameEngine.gameChannel(game.id()))).isNotNull();
    assertThat(engine.storeRejected()).isEqualTo(store.attempts);
    assertThat(store.attempts).isGreaterThanOrEqualTo(2);
  }

  /** A store whose write queue is always full. */
  private static final class RejectingStore implements GameStore {

    int attempts;

    private void reject(String request) {
      attempts++;
      throw new IllegalStateException("Rejected " + request + " because the write queue is"
          + " full");
    }

    @Override
    public void saveGame(Game game) {
      reject("saveGame for game " + game.id());
    }

    @Override
    public void savePlay(Play play) {
      reject("savePlay " + play.action());
    }

    @Override
    public void deletePlays(String gameId) {
      reject("deletePlays for game " + gameId);
    }

    @Override
    public List<Game> loadGames() {
      return List.of();
    }

    @Override
    public Optional<Game> loadGame(String id) {
      return Optional.empty();
    }

    @Override
    public List<Play> loadPlays(String gameId, Long beforeOrder, int limit) {
      return List.of();
    }

    @Override
    public void flush() {}

    @Override
    public boolean flush(Duration timeout) {
      return true;
    }

    @Override
    public boolean healthy() {
      return false;
    }

    @Override
    public void close() {}
  }
}
