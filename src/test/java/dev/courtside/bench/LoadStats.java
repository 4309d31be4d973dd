package dev.courtside.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and the publish-to-receive latency histogram of one load generator process.
 *
 * <p>Latency is the receive time minus the publish time inside the message, in microseconds,
 * both read from the wall clock of this machine. The receive time comes from
 * {@link System#nanoTime()} offset once against {@link Instant#now()}, so each message costs
 * no system clock call. Counters are cumulative; {@link #snapshot()} returns the values and
 * the latencies since the previous snapshot.
 */
final class LoadStats {

  /** Highest latency the histogram tracks: 5 minutes, in microseconds. */
  static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);

  private final long baseEpochMicros;
  private final long baseNanos;
  private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);

  final LongAdder delivered = new LongAdder();
  final LongAdder withoutTime = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder resyncs = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder opened = new LongAdder();
  final LongAdder closed = new LongAdder();
  final LongAdder caughtUp = new LongAdder();
  private final Recorder catchUp = new Recorder(MAX_LATENCY_MICROS, 3);

  /**
   * Messages received, by the second of their publish time modulo {@value #SECOND_SLOTS}, so
   * the share delivered can be computed for the updates published in a window, wherever
   * they were received. {@link #clearSentSeconds()} clears it before each window, which must
   * be shorter than {@value #SECOND_SLOTS} seconds.
   */
  private final AtomicLongArray bySentSecond = new AtomicLongArray(SECOND_SLOTS);

  static final int SECOND_SLOTS = 256;

  LoadStats() {
    Instant now = Instant.now();
    baseNanos = System.nanoTime();
    baseEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Returns the wall-clock time in microseconds since the epoch. */
  long nowMicros() {
    return baseEpochMicros + (System.nanoTime() - baseNanos) / 1_000;
  }

  /** Records one message published at {@code sentMicros}; a value below 0 means no time. */
  void recordMessage(long sentMicros, int size) {
    delivered.increment();
    bytes.add(size);
    if (sentMicros < 0) {
      withoutTime.increment();
      return;
    }
    bySentSecond.incrementAndGet((int) ((sentMicros / 1_000_000) % SECOND_SLOTS));
    long micros = nowMicros() - sentMicros;
    latency.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
  }

  /** Clears the per-second counts of received messages. */
  void clearSentSeconds() {
    for (int i = 0; i < SECOND_SLOTS; i++) {
      bySentSecond.set(i, 0);
    }
  }

  /**
   * Returns the messages received so far that were published in {@code [fromSecond,
   * toSecond)}, in epoch seconds, counted since the last {@link #clearSentSeconds()}.
   */
  long receivedPublishedIn(long fromSecond, long toSecond) {
    long sum = 0;
    for (long second = fromSecond; second < toSecond; second++) {
      sum += bySentSecond.get((int) (second % SECOND_SLOTS));
    }
    return sum;
  }

  /** Records that a resumed connection is live again after {@code micros}. */
  void recordCatchUp(long micros) {
    caughtUp.increment();
    catchUp.recordValue(Math.max(0, Math.min(micros, MAX_LATENCY_MICROS)));
  }

  /** Returns the counters and the latencies recorded since the previous call. */
  LoadReport snapshot() {
    Histogram interval = latency.getIntervalHistogram();
    Histogram catchUpInterval = catchUp.getIntervalHistogram();
    return new LoadReport(opened.sum() - closed.sum(), delivered.sum(), withoutTime.sum(),
        bytes.sum(), gaps.sum(), duplicates.sum(), resyncs.sum(), errors.sum(),
        caughtUp.sum(), processCpuNanos(), System.nanoTime(), interval, catchUpInterval);
  }

  /** Returns the CPU time this process has used, user and system, in nanoseconds. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }
}
