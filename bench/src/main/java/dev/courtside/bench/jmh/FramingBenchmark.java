package dev.courtside.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import java.nio.charset.StandardCharsets;
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
 * Cost of framing one published message: encoding the envelope once ({@link Message#json()},
 * shared by every subscriber), and the UTF-8 encoding that each WebSocket write of that text
 * still does per connection.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FramingBenchmark {

  private ObjectNode delta;
  private String encoded;
  private long seq;

  @Setup
  public void createDelta() {
    delta = Json.object();
    ObjectNode game = delta.putObject("syn-0001");
    game.put("clock", 352.8);
    game.putObject("home").put("score", 52).putArray("periods").add(52);
    ObjectNode play = game.putObject("lastPlay");
    play.put("action", 52).put("order", 52).put("clock", 352.8).put("team", "h0001")
        .put("description", "Jump shot").put("scoreHome", 52)
        .put("time", "2026-12-04T16:35:55.722530Z");
    game.put("seq", 53);
    encoded = new Message("games", "q7Hk2mR1", 1, Message.DELTA, delta, false).json();
  }

  /** Encodes a new delta's envelope, as the fan-out does once per published message. */
  @Benchmark
  public String envelopeOnce() {
    return new Message("games", "q7Hk2mR1", ++seq, Message.DELTA, delta, false).json();
  }

  /** Encodes the envelope text to UTF-8, as each connection's text frame write does. */
  @Benchmark
  public byte[] utf8PerConnection() {
    return encoded.getBytes(StandardCharsets.UTF_8);
  }
}
