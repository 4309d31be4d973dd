package dev.courtside.bench.jmh;

import dev.courtside.bus.LocalBus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.push.FanOut;
import dev.courtside.push.Session;
import dev.courtside.store.MemoryJournal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per message of the per-connection queue: {@link Session#offer} from the publisher's
 * thread and the drain that writes it, with the drain run the way an event loop runs it,
 * once for a batch of offers. The session writes into a counter instead of a socket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SessionQueueBenchmark {

  private static final int BATCH = 16;

  private CountingSession session;
  private Message[] deltas;
  private int next;

  @Setup
  public void subscribe() {
    MemoryJournal journal = new MemoryJournal(1024);
    LocalBus bus = new LocalBus();
    ChannelLog channels = new ChannelLog(journal, bus);
    channels.channel("games");
    FanOut fanOut = new FanOut(channels, journal, bus);
    session = new CountingSession(fanOut);
    fanOut.subscribe(session, "games", null);
    session.runTasks();
    String epoch = channels.channel("games").epoch();
    deltas = new Message[1 << 16];
    for (int i = 0; i < deltas.length; i++) {
      deltas[i] = new Message("games", epoch, i + 1, Message.DELTA, Json.object(), false);
    }
  }

  /** Offers a batch of deltas in seq order, then runs the drain the offers scheduled. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void offerAndDrain(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      if (next == deltas.length) {
        rewind();
      }
      session.offer(deltas[next++]);
    }
    session.runTasks();
    blackhole.consume(session.written);
  }

  /** Starts the seq over: a snapshot resets the session's position on the channel. */
  private void rewind() {
    next = 0;
    session.offer(new Message("games", deltas[0].epoch(), 0, Message.SNAPSHOT,
        Json.object(), false));
    session.runTasks();
  }

  /** A session whose connection thread is the benchmark thread and whose socket counts. */
  static final class CountingSession extends Session {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    long written;

    CountingSession(FanOut fanOut) {
      super(fanOut, 256);
    }

    void runTasks() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }

    @Override
    public String transport() {
      return "bench";
    }

    @Override
    protected void execute(Runnable task) {
      tasks.add(task);
    }

    @Override
    protected boolean writable() {
      return true;
    }

    @Override
    protected void write(Message message) {
      written++;
    }

    @Override
    protected void writeControl(String json) {
      written++;
    }

    @Override
    public void close(String code, String reason) {
      closed();
    }
  }
}
