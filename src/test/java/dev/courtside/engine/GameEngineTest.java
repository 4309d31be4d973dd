package dev.courtside.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.bus.LocalBus;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Message;
import dev.courtside.model.Play;
import dev.courtside.store.JdbcGameStore;
import dev.courtside.store.MemoryJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GameEngineTest {

  private static final String GAME = "0022000001";

  @TempDir Path dir;

  private JdbcGameStore store;
  private MemoryJournal journal;
  private ChannelLog channels;
  private GameEngine engine;
  private final List<Message> published = new ArrayList<>();

  @BeforeEach
  void startEngine() {
    store = JdbcGameStore.open("jdbc:h2:file:" + dir.resolve("db"));
    LocalBus bus = new LocalBus();
    bus.subscribe(published::add);
    journal = new MemoryJournal(100_000);
    channels = new ChannelLog(journal, bus);
    engine = new GameEngine(channels, store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void replayGame() throws Exception {
    List<Recording> recordings = List.of(
        Recording.fromClasspath("recordings/nba-livedata/playbyplay_0022000001.json"),
        Recording.fromClasspath("recordings/nba-livedata/boxscore_0022000001.json"));
    ReplayFeed replay = new ReplayFeed(recordings, engine, 0, false, Duration.ZERO);
    replay.start();
    replay.finished().get(60, TimeUnit.SECONDS);
  }

  private List<Message> messagesOf(String channel) {
    return published.stream().filter(m -> m.channel().equals(channel)).toList();
  }

  @Test
  void replayEndsOnBoxScoreFinal() throws Exception {
    replayGame();

    Game game = engine.current(GAME).orElseThrow();
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.home().team().shortName()).isEqualTo("BKN");
    assertThat(game.home().score()).isEqualTo(125);
    assertThat(game.away().score()).isEqualTo(99);
    assertThat(game.home().periods()).containsExactly(40, 23, 36, 26);
    assertThat(game.away().periods()).containsExactly(25, 20, 26, 28);
  }

  @Test
  void seqGrowsByOnePerMessage() throws Exception {
    replayGame();

    for (String channel : List.of("games", "league:nba", "game:" + GAME)) {
      List<Message> messages = messagesOf(channel);
      assertThat(messages).isNotEmpty();
      for (int i = 0; i < messages.size(); i++) {
        assertThat(messages.get(i).seq()).as("seq of message %d on %s", i, channel)
            .isEqualTo(i + 1L);
        assertThat(messages.get(i).type()).isEqualTo(Message.DELTA);
      }
    }
  }

  @Test
  void patchesRebuildTheChannelState() throws Exception {
    replayGame();

    for (String channel : List.of("games", "game:" + GAME)) {
      JsonNode state = Json.object();
      for (Message message : messagesOf(channel)) {
        state = MergePatch.apply(state, message.data());
      }
      assertThat(state).as(channel).isEqualTo(channels.find(channel).snapshot().data());
    }
    ObjectNode expectedGame = GameJson.write(engine.current(GAME).orElseThrow());
    assertThat(channels.find("games").snapshot().data().get(GAME)).isEqualTo(expectedGame);
    assertThat(channels.find("game:" + GAME).snapshot().data().get("game"))
        .isEqualTo(expectedGame);
  }

  @Test
  void gameChannelKeepsOnlyRecentPlays() throws Exception {
    replayGame();

    JsonNode plays = channels.find("game:" + GAME).snapshot().data().get("plays");
    assertThat(plays.size()).isEqualTo(GameEngine.RECENT_PLAYS);
    assertThat(plays.has("729")).as("the game-end action is among the recent plays").isTrue();
  }

  @Test
  void playsPageNewestFirstWithoutOverlap() throws Exception {
    replayGame();

    List<Play> first = engine.plays(GAME, null, 50);
    List<Play> second = engine.plays(GAME, first.get(first.size() - 1).order(), 50);

    assertThat(first).hasSize(50);
    assertThat(first.get(0).type()).isEqualTo(Play.GAME_END);
    assertThat(first).isSortedAccordingTo((a, b) -> Long.compare(b.order(), a.order()));
    assertThat(second.get(0).order()).isLessThan(first.get(49).order());
  }

  @Test
  void editedPlayReplacesEarlierOne() throws Exception {
    replayGame();
    Play original = engine.plays(GAME, null, 5).get(3);
    Play edited = new Play(original.gameId(), original.action(), original.order(),
        original.period(), original.clock(), original.teamId(), original.type(),
        "Edited: " + original.description(), original.scoreHome(), original.scoreAway(),
        original.time(), false);

    engine.applyPlay(edited);

    List<Play> page = engine.plays(GAME, null, 5);
    assertThat(page.get(3).description()).startsWith("Edited: ");
    assertThat(page).extracting(Play::action).doesNotHaveDuplicates();
    Message last = published.get(published.size() - 1);
    assertThat(last.channel()).isEqualTo("league:nba");
    assertThat(messagesOf("game:" + GAME).get(messagesOf("game:" + GAME).size() - 1).data()
        .at("/plays/" + original.action() + "/description").asText())
        .startsWith("Edited: ");
  }

  @Test
  void deletedPlayLeavesStateAndHistory() throws Exception {
    replayGame();
    Play removed = engine.plays(GAME, null, 3).get(2);

    engine.applyPlay(removed.asDeleted());

    assertThat(engine.plays(GAME, null, 3)).extracting(Play::action)
        .doesNotContain(removed.action());
    List<Message> detail = messagesOf("game:" + GAME);
    assertThat(detail.get(detail.size() - 1).data().at("/plays/" + removed.action()).isNull())
        .isTrue();
  }

  @Test
  void restartSchedulesGameAgain() throws Exception {
    replayGame();
    Game before = engine.current(GAME).orElseThrow();

    engine.restart(before);

    Game after = engine.current(GAME).orElseThrow();
    assertThat(after.status()).isEqualTo(GameStatus.SCHEDULED);
    assertThat(after.home().score()).isZero();
    assertThat(after.seq()).isGreaterThan(before.seq());
    assertThat(engine.plays(GAME, null, 10)).isEmpty();
    assertThat(channels.find("game:" + GAME).snapshot().data().get("plays").size()).isZero();
  }

  @Test
  void secondReplayOfHeldGamePlaysItAgain() throws Exception {
    replayGame();
    long seqAfterFirst = engine.current(GAME).orElseThrow().seq();

    replayGame();

    Game game = engine.current(GAME).orElseThrow();
    assertThat(game.seq()).isGreaterThan(seqAfterFirst + 600);
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.home().periods()).containsExactly(40, 23, 36, 26);
  }

  @Test
  void recoverRebuildsFromStore() throws Exception {
    replayGame();
    store.flush();
    Game expected = engine.current(GAME).orElseThrow();

    GameEngine recovered = new GameEngine(new ChannelLog(new MemoryJournal(10), new LocalBus()),
        store);
    recovered.recover();

    assertThat(recovered.current(GAME)).hasValue(expected);
    assertThat(recovered.plays(GAME, null, 1000)).isEqualTo(engine.plays(GAME, null, 1000));
  }
}
