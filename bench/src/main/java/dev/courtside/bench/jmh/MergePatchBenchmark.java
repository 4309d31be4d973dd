package dev.courtside.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.MergePatch;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the engine's per-change JSON work on one game: writing the game as JSON, and the
 * RFC 7386 merge patch between the state before and after a scoring play.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MergePatchBenchmark {

  private Game before;
  private Game after;
  private ObjectNode beforeJson;
  private ObjectNode afterJson;

  @Setup
  public void createGames() {
    Team home = new Team("syn", "h0001", "Home 0001", "H0001", "");
    Team away = new Team("syn", "a0001", "Away 0001", "A0001", "");
    Game scheduled = Game.scheduled("syn-0001", "syn", Instant.parse("2026-12-04T16:00:00Z"),
        home, away, 4);
    Play first = new Play("syn-0001", 51, 51, 1, Duration.ofMillis(360_000), "h0001", "2pt",
        "Jump shot", 52, 50, Instant.parse("2026-12-04T16:35:55.722530Z"), false);
    Play second = new Play("syn-0001", 52, 52, 1, Duration.ofMillis(352_800), "a0001", "2pt",
        "Jump shot", 52, 52, Instant.parse("2026-12-04T16:35:55.822530Z"), false);
    before = advance(scheduled, first);
    after = advance(before, second);
    beforeJson = GameJson.write(before);
    afterJson = GameJson.write(after);
  }

  private static Game advance(Game game, Play play) {
    Side homeSide = game.home().withScoreInPeriod(play.scoreHome(), play.period());
    Side awaySide = game.away().withScoreInPeriod(play.scoreAway(), play.period());
    return game.withSides(homeSide, awaySide).withPeriodAndClock(play.period(), play.clock())
        .withLastPlay(play);
  }

  /** Writes the game after the play as a JSON tree, as the engine does for every change. */
  @Benchmark
  public ObjectNode writeGameJson() {
    return GameJson.write(after);
  }

  /** Computes the merge patch from the state before the play to the state after it. */
  @Benchmark
  public ObjectNode diff() {
    return MergePatch.diff(beforeJson, afterJson);
  }

  /** Applies that patch to a copy of the state, as a channel's state is updated. */
  @Benchmark
  public ObjectNode applyPatch() {
    ObjectNode state = beforeJson.deepCopy();
    MergePatch.applyInPlace(state, MergePatch.diff(beforeJson, afterJson));
    return state;
  }
}
