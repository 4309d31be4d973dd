package dev.courtside.bench;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The six benchmark scenarios. Each starts its servers and load generators, measures, and
 * stops them again before it returns, also when it fails; each step is bounded in time.
 */
final class Scenarios {

  /** Delivered share and p99 a step must reach to count as keeping up. */
  static final double MIN_DELIVERED = 0.95;
  static final double MAX_P99_MS = 500;

  private final BenchConfig config;
  private final Scale scale;
  private int nextPort;

  final Table fanOut = new Table("fanout", "stack", "rate", "clients", "published/s",
      "delivered/s", "delivered %", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
      "server CPU %", "server CPU us/msg", "loadgen CPU %", "bytes/msg", "gaps", "resyncs",
      "errors", "kept up");
  final Table channels = new Table("channels", "stack", "rate", "games", "clients",
      "delivered/s", "delivered %", "p50 ms", "p99 ms", "p99.9 ms", "server CPU %",
      "server CPU us/msg", "loadgen CPU %", "gaps", "errors");
  final Table memory = new Table("memory", "stack", "idle clients", "heap before MB",
      "heap after MB", "heap/conn KB", "RSS before MB", "RSS after MB", "RSS/conn KB");
  final Table storm = new Table("storm", "stack", "clients", "rate", "caught up",
      "all caught up s", "catch-up p50 ms", "catch-up p99 ms", "lost", "resyncs", "duplicates",
      "errors");
  final Table coalesce = new Table("coalesce", "stack", "coalesce ms", "rate", "clients",
      "delivered/s", "msgs/s per client", "freshness p50 ms", "freshness p99 ms",
      "freshness p99.9 ms", "server CPU %", "loadgen CPU %", "errors");
  final Table transports = new Table("transports", "transport", "rate", "clients",
      "delivered/s", "delivered %", "p50 ms", "p99 ms", "p99.9 ms", "server CPU %",
      "server CPU us/msg", "gaps", "errors");
  final List<String> failures = new ArrayList<>();
  /** Stacks whose ramp ended because their admin endpoint stopped responding, and where. */
  final List<String> fanOutStalled = new ArrayList<>();

  /**
   * Sizes of one run.
   *
   * @param fanOutClients subscribers of the one channel in the fan-out ramp
   * @param fanOutRates publish rates of the ramp's steps, in updates per second
   * @param channelClients clients of the many-channels scenario
   * @param channelGames games (channels) they spread over
   * @param channelRate publish rate across all games
   * @param memoryClients idle connections of the memory scenario
   * @param stormClients clients of the reconnect storm
   * @param coalesceRates input rates of the coalescing scenario
   * @param coalesceMs Courtside's coalescing window there, sized so that one delta per
   *     window to every client stays within what it delivered in the ramp
   * @param transportClients clients per transport in the SSE and polling scenario
   * @param workers load generator processes per server
   * @param prewarm unmeasured run at a moderate rate after the clients connect, so that
   *     the JIT has compiled the delivery path of every stack before the first window
   * @param warmup wait after a rate change before a window starts
   * @param window length of one measurement window
   */
  record Scale(int fanOutClients, List<Integer> fanOutRates, int channelClients,
      int channelGames, int channelRate, int memoryClients, int stormClients,
      List<Integer> coalesceRates, int coalesceMs, int transportClients, int workers,
      Duration prewarm, Duration warmup, Duration window) {

    static Scale quick() {
      return new Scale(200, List.of(1, 20, 100), 200, 10, 50, 300, 200, List.of(200), 100, 50,
          1, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    static Scale full() {
      return new Scale(10_000, List.of(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64), 10_000, 100, 200,
          19_000, 10_000, List.of(24, 64), 500, 1_000, 4, Duration.ofSeconds(4),
          Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** Returns a prewarm rate of about 20,000 messages per second to {@code clients}. */
    int prewarmRate(int clients) {
      return Math.max(1, 20_000 / clients);
    }
  }

  Scenarios(BenchConfig config) {
    this.config = config;
    this.scale = config.quick() ? Scale.quick() : Scale.full();
    this.nextPort = config.basePort();
  }

  Scale scale() {
    return scale;
  }

  /** Runs one scenario for one stack, recording a failure instead of stopping the run. */
  void attempt(String scenario, Stack stack, Step step) {
    long start = System.nanoTime();
    System.out.println("bench scenario started scenario=" + scenario + " stack=" + stack.id);
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      String message = scenario + " with " + stack.label + " failed: " + e.getMessage();
      failures.add(message);
      System.out.println("bench scenario failed scenario=" + scenario + " stack=" + stack.id
          + " error=" + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(scenario + " with " + stack.label + " was interrupted");
    }
    System.out.println("bench scenario finished scenario=" + scenario + " stack=" + stack.id
        + " seconds=" + (System.nanoTime() - start) / 1_000_000_000);
  }

  /** A scenario body that may fail. */
  interface Step {
    void run() throws IOException, InterruptedException;
  }

  /** Runs the server at {@code rate} for the prewarm time without measuring. */
  private void prewarm(ServerUnderTest server, int rate)
      throws IOException, InterruptedException {
    server.setRate(rate);
    Thread.sleep(scale.prewarm().toMillis());
  }

  private int port() {
    return nextPort++;
  }

  private int workersFor(int clients) {
    return Math.max(1, Math.min(scale.workers(), (clients + 2499) / 2500));
  }

  /**
   * Measures one window at the server's current rate. The window covers whole seconds of the
   * servers' clock: {@code published} counts the updates published in them, and
   * {@code receivedOfPublished} the messages of those updates that arrived by one second
   * after the window, so updates in flight at the edges count where they were published.
   */
  private Measured measure(ServerUnderTest server, WorkerPool pool)
      throws IOException, InterruptedException {
    Thread.sleep(scale.warmup().toMillis());
    pool.window();
    long fromSecond = System.currentTimeMillis() / 1000 + 1;
    sleepUntil(fromSecond * 1000);
    long publishedStart = server.published();
    long cpuStart = server.cpuNanos();
    long startNanos = System.nanoTime();
    long toSecond = fromSecond + scale.window().toSeconds();
    sleepUntil(toSecond * 1000);
    long published = server.published() - publishedStart;
    long cpu = server.cpuNanos() - cpuStart;
    long wallNanos = System.nanoTime() - startNanos;
    LoadReport report = pool.report();
    Thread.sleep(1000);
    long received = pool.receivedPublishedIn(fromSecond, toSecond);
    return new Measured(report, published, received, cpu, wallNanos);
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /**
   * One measurement window.
   *
   * @param published updates the server published in the window
   * @param receivedOfPublished messages of those updates that the clients received
   * @param serverCpuNanos CPU time of the server process in the window
   */
  record Measured(LoadReport report, long published, long receivedOfPublished,
      long serverCpuNanos, long wallNanos) {

    double seconds() {
      return wallNanos / 1e9;
    }

    double serverCpuPercent() {
      return 100.0 * serverCpuNanos / wallNanos;
    }

    double loadgenCpuPercent() {
      return 100.0 * report.cpuNanos() / wallNanos;
    }

    double cpuMicrosPerMessage() {
      return report.delivered() == 0 ? Double.NaN
          : serverCpuNanos / 1000.0 / report.delivered();
    }

    /** Returns the share of {@code expected} messages of the window's updates received. */
    double deliveredShare(long expected) {
      return expected == 0 ? Double.NaN : (double) receivedOfPublished / expected;
    }
  }

  /** Scenario 1: one channel, many subscribers, the publish rate stepping up. */
  void fanOut(Stack stack) {
    attempt("fan-out ramp", stack, () -> {
      int port = port();
      // The Java servers record a JFR profile of the ramp, which explains a missed target.
      try (ServerUnderTest server = ServerUnderTest.start(config, stack, port, 1, 0, List.of(),
          true);
          WorkerPool pool = new WorkerPool(config, stack.webSocketDialect, port,
              workersFor(scale.fanOutClients()))) {
        long open = pool.open(scale.fanOutClients(), "games", 1, Duration.ofSeconds(120));
        prewarm(server, scale.prewarmRate(scale.fanOutClients()));
        int missedInRow = 0;
        for (int rate : scale.fanOutRates()) {
          Measured m;
          try {
            server.setRate(rate);
            m = measure(server, pool);
          } catch (HttpTimeoutException e) {
            // A server that no longer responds to its admin requests in time did not keep up.
            System.out.println("bench step stack=" + stack.id + " rate=" + rate
                + " ended the ramp: the server did not answer its admin request in time");
            fanOutStalled.add(stack.label + " at " + rate + " updates/s");
            break;
          }
          LoadReport r = m.report();
          long expected = m.published() * r.connections();
          double share = m.deliveredShare(expected);
          boolean keptUp = share >= MIN_DELIVERED && r.latencyMs(99) <= MAX_P99_MS;
          fanOut.add(stack.label, (double) rate, r.connections(), m.published() / m.seconds(),
              r.deliveredPerSecond(), 100 * share, r.latencyMs(50), r.latencyMs(99),
              r.latencyMs(99.9), r.latencyMs(100), m.serverCpuPercent(),
              m.cpuMicrosPerMessage(), m.loadgenCpuPercent(),
              r.delivered() == 0 ? 0.0 : (double) r.bytes() / r.delivered(), r.gaps(),
              r.resyncs(), r.errors(), keptUp ? "yes" : "no");
          System.out.println("bench step stack=" + stack.id + " rate=" + rate + " open=" + open
              + " delivered/s=" + Math.round(r.deliveredPerSecond()) + " share="
              + Math.round(share * 1000) / 10.0 + "% p99ms=" + r.latencyMs(99) + " cpu%="
              + Math.round(m.serverCpuPercent()) + " loadgen%="
              + Math.round(m.loadgenCpuPercent()));
          // Two misses in a row end the ramp. A single miss does not: at the rate where a
          // stack's CPU first saturates, its p99 depends on what else runs in that window.
          missedInRow = keptUp ? 0 : missedInRow + 1;
          if (missedInRow == 2) {
            break;
          }
        }
        try {
          server.setRate(0);
        } catch (HttpTimeoutException e) {
          // Stopped with the server below in any case.
        }
      }
    });
  }

  /**
   * Scenarios 2 and 4 on one set of connections: clients spread over many game channels are
   * measured for one window, then all drop at once and resume from their positions. Socket.IO
   * runs with connection state recovery in both, because the storm needs it.
   */
  void manyChannelsAndStorm(Stack stack) {
    attempt("many channels and reconnect storm", stack, () -> {
      int port = port();
      int games = scale.channelGames();
      List<String> extra = stack == Stack.SOCKETIO ? List.of("--recovery", "true") : List.of();
      try (ServerUnderTest server = ServerUnderTest.start(config, stack, port, games, 0, extra);
          WorkerPool pool = new WorkerPool(config, stack.webSocketDialect, port,
              workersFor(scale.channelClients()))) {
        long open = pool.open(scale.channelClients(), "game:syn-%04d", games,
            Duration.ofSeconds(120));
        prewarm(server, scale.channelRate());
        Measured m = measure(server, pool);
        LoadReport r = m.report();
        long expected = m.published() * r.connections() / games;
        channels.add(stack.label, (double) scale.channelRate(), games, r.connections(),
            r.deliveredPerSecond(), 100 * m.deliveredShare(expected), r.latencyMs(50),
            r.latencyMs(99), r.latencyMs(99.9), m.serverCpuPercent(), m.cpuMicrosPerMessage(),
            m.loadgenCpuPercent(), r.gaps(), r.errors());
        storm(server, pool, open);
        server.setRate(0);
      }
    });
  }

  /** Drops every connection at once, resumes them all, and records how they caught up. */
  private void storm(ServerUnderTest server, WorkerPool pool, long open)
      throws IOException, InterruptedException {
    pool.window();
    pool.drop();
    Thread.sleep(1000);
    long resumeStart = System.nanoTime();
    pool.resume(Duration.ofSeconds(60));
    LoadReport total = pool.report();
    long deadline = resumeStart + Duration.ofSeconds(20).toNanos();
    while (total.caughtUp() < open && System.nanoTime() < deadline) {
      Thread.sleep(500);
      total = total.plus(pool.report());
    }
    Thread.sleep(1000);
    total = total.plus(pool.report());
    double allCaughtUp = total.caughtUp() < open ? Double.NaN
        : total.catchUp().getMaxValue() / 1e6;
    storm.add(server.stack.label, open, (double) scale.channelRate(), total.caughtUp(),
        allCaughtUp, total.catchUp().getValueAtPercentile(50) / 1000.0,
        total.catchUp().getValueAtPercentile(99) / 1000.0, total.gaps(), total.resyncs(),
        total.duplicates(), total.errors());
  }

  /** Scenario 3: heap and resident memory per idle connection. */
  void idleMemory(Stack stack) {
    attempt("idle memory", stack, () -> {
      int port = port();
      try (ServerUnderTest server = ServerUnderTest.start(config, stack, port, 1, 0, List.of());
          WorkerPool pool = new WorkerPool(config, stack.webSocketDialect, port,
              workersFor(scale.memoryClients()))) {
        Thread.sleep(scale.warmup().toMillis());
        long heapBefore = server.heapAfterGcBytes();
        long rssBefore = server.rssBytes();
        long open = pool.open(scale.memoryClients(), "games", 1, Duration.ofSeconds(180));
        Thread.sleep(scale.warmup().toMillis() * 2);
        long heapAfter = server.heapAfterGcBytes();
        long rssAfter = server.rssBytes();
        double perConnHeap = open == 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / open;
        double perConnRss = open == 0 ? Double.NaN : (rssAfter - rssBefore) / 1024.0 / open;
        memory.add(stack.label, open, heapBefore / 1e6, heapAfter / 1e6, perConnHeap,
            rssBefore / 1e6, rssAfter / 1e6, perConnRss);
      }
    });
  }

  /** Scenario 5: high input rates, with Courtside merging each channel's changes. */
  void coalescing(Stack stack, int coalesceMs) {
    attempt("coalescing", stack, () -> {
      int port = port();
      List<String> extra = coalesceMs > 0 ? List.of("--coalesce-ms", Integer.toString(coalesceMs))
          : List.of();
      try (ServerUnderTest server = ServerUnderTest.start(config, stack, port, 1, 0, extra);
          WorkerPool pool = new WorkerPool(config, stack.webSocketDialect, port,
              workersFor(scale.fanOutClients()))) {
        pool.open(scale.fanOutClients(), "games", 1, Duration.ofSeconds(120));
        prewarm(server, scale.prewarmRate(scale.fanOutClients()));
        for (int rate : scale.coalesceRates()) {
          server.setRate(rate);
          Measured m = measure(server, pool);
          LoadReport r = m.report();
          coalesce.add(stack.label, coalesceMs, (double) rate, r.connections(),
              r.deliveredPerSecond(), r.connections() == 0 ? Double.NaN
                  : r.deliveredPerSecond() / r.connections(), r.latencyMs(50), r.latencyMs(99),
              r.latencyMs(99.9), m.serverCpuPercent(), m.loadgenCpuPercent(), r.errors());
        }
        server.setRate(0);
      }
    });
  }

  /** Scenario 6: Courtside's SSE and long polling next to its WebSocket, at a smaller scale. */
  void transports() {
    attempt("transports", Stack.COURTSIDE, () -> {
      int port = port();
      int rate = 10;
      try (ServerUnderTest server = ServerUnderTest.start(config, Stack.COURTSIDE, port, 1, 0,
          List.of())) {
        for (Dialect dialect : List.of(Dialect.COURTSIDE_WS, Dialect.COURTSIDE_SSE,
            Dialect.COURTSIDE_POLL)) {
          try (WorkerPool pool = new WorkerPool(config, dialect, port, 1)) {
            pool.open(scale.transportClients(), "games", 1, Duration.ofSeconds(60));
            prewarm(server, rate);
            Measured m = measure(server, pool);
            LoadReport r = m.report();
            long expected = m.published() * r.connections();
            transports.add(dialect.wireName(), (double) rate, r.connections(),
                r.deliveredPerSecond(), 100 * m.deliveredShare(expected), r.latencyMs(50),
                r.latencyMs(99), r.latencyMs(99.9), m.serverCpuPercent(),
                m.cpuMicrosPerMessage(), r.gaps(), r.errors());
            server.setRate(0);
          }
        }
      }
    });
  }

  /** Returns the fan-out rows of one stack by rate, for charts and targets. */
  Map<Double, List<String>> fanOutByRate(Stack stack) {
    Map<Double, List<String>> rows = new TreeMap<>();
    for (List<String> row : fanOut.rows) {
      if (fanOut.get(row, "stack").equals(stack.label)) {
        rows.put(Double.parseDouble(fanOut.get(row, "rate")), row);
      }
    }
    return rows;
  }
}
