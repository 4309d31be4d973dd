package dev.courtside.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the benchmark page: machine and versions, the targets with their outcome, one table
 * per scenario with the three stacks side by side, links to the CSV files and the charts.
 */
final class ReportWriter {

  private final BenchConfig config;
  private final Scenarios scenarios;
  private final String environment;
  private final Duration elapsed;
  private final boolean complete;

  /**
   * Creates a writer.
   *
   * @param complete false while scenarios are still to run, which the page then states
   */
  ReportWriter(BenchConfig config, Scenarios scenarios, String environment, Duration elapsed,
      boolean complete) {
    this.config = config;
    this.scenarios = scenarios;
    this.environment = environment;
    this.elapsed = elapsed;
    this.complete = complete;
  }

  void write() throws IOException {
    for (Table table : List.of(scenarios.fanOut, scenarios.channels, scenarios.memory,
        scenarios.storm, scenarios.coalesce, scenarios.transports)) {
      table.writeCsv(config.outDir());
    }
    writeCharts();
    Files.writeString(config.markdown(), page(), StandardCharsets.UTF_8);
  }

  private String relative(String file) {
    Path parent = config.markdown().toAbsolutePath().getParent();
    return parent.relativize(config.outDir().toAbsolutePath().resolve(file)).toString();
  }

  private void writeCharts() throws IOException {
    Chart latency = new Chart("Fan-out: p99 publish-to-receive latency",
        "updates per second to " + scenarios.scale().fanOutClients() + " subscribers",
        "p99 ms");
    Chart throughput = new Chart("Fan-out: delivered messages per second",
        "updates per second to " + scenarios.scale().fanOutClients() + " subscribers",
        "delivered/s");
    for (Stack stack : Stack.values()) {
      for (Map.Entry<Double, List<String>> step : scenarios.fanOutByRate(stack).entrySet()) {
        latency.add(stack.label, step.getKey(), number(scenarios.fanOut, step.getValue(),
            "p99 ms"));
        throughput.add(stack.label, step.getKey(), number(scenarios.fanOut, step.getValue(),
            "delivered/s"));
      }
    }
    latency.write(config.outDir().resolve("fanout-p99.png"));
    throughput.write(config.outDir().resolve("fanout-delivered.png"));
  }

  private static double number(Table table, List<String> row, String column) {
    try {
      return Double.parseDouble(table.get(row, column));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private String page() throws IOException {
    StringBuilder page = new StringBuilder();
    page.append("# Benchmarks\n\n");
    page.append("Courtside against the stack a team would pick instead (Node.js with Socket.IO"
        + " 4) and against a bare Vert.x WebSocket broadcast with no channels protocol,"
        + " journal or envelope, all driven by the same load generator in one run.\n\n");
    if (!complete) {
      page.append("**This page is partial: it was written while the run was still going, so"
          + " scenarios without results may simply not have run yet.**\n\n");
    }
    if (config.quick()) {
      page.append("**This page comes from a smoke run (`bench/run.sh --quick`): a few hundred"
          + " connections and seconds per step. Its numbers show that the harness works, not"
          + " how the servers scale.**\n\n");
    }
    page.append("Run: `bench/run.sh` (").append(config.quick() ? "`--quick`, " : "")
        .append("took ").append(elapsed.toMinutes()).append(" min ")
        .append(elapsed.toSecondsPart()).append(" s, finished ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(").\n\n");
    page.append("## Machine and versions\n\n```\n").append(environment.strip())
        .append("\n```\n\n");
    page.append(method());
    page.append(targets());
    section(page, "1. Fan-out ramp", "One channel with " + scenarios.scale().fanOutClients()
        + " WebSocket subscribers; the publish rate steps up until a stack misses two steps in"
        + " a row (less than 95 % delivered or p99 above 500 ms, \"no\" in the last column)."
        + " The highest rate kept up is the best step that met both."
        + " Courtside subscribers follow the `games` channel of one synthetic game; Socket.IO"
        + " clients are in the room `games`; bare clients connect to `/ws/games`.",
        scenarios.fanOut);
    page.append("![p99 latency against rate](").append(relative("fanout-p99.png"))
        .append(")\n\n![delivered messages against rate](")
        .append(relative("fanout-delivered.png")).append(")\n\n");
    if (!scenarios.fanOutStalled.isEmpty()) {
      page.append("Ramps that ended because the server did not answer its admin request within"
          + " 10 s, so its step has no row: ").append(String.join(", ", scenarios.fanOutStalled))
          .append(".\n\n");
    }
    page.append(profiles());
    section(page, "2. Many channels", scenarios.scale().channelClients() + " clients spread"
        + " evenly over " + scenarios.scale().channelGames() + " game channels"
        + " (`game:syn-NNNN`), " + scenarios.scale().channelRate() + " updates per second"
        + " across the games. Socket.IO runs with connection state recovery here, because"
        + " scenario 4 reuses these connections.", scenarios.channels);
    section(page, "3. Idle memory", "Idle WebSocket connections, each subscribed to one"
        + " channel that publishes nothing. Heap is measured after a full GC (`jcmd GC.run`,"
        + " then `GC.heap_info`; Node: `global.gc()`, then `heapUsed`), RSS from"
        + " `/proc/PID/status`; per connection is the growth divided by the connections.",
        scenarios.memory);
    section(page, "4. Reconnect storm", "The clients of scenario 2, over "
        + scenarios.scale().channelGames()
        + " game channels at " + scenarios.scale().channelRate() + " updates per second, right"
        + " after its window. All"
        + " connections close at once, and after one second all reconnect at once with their"
        + " positions: Courtside with each channel's epoch and seq, Socket.IO with connection"
        + " state recovery (its `pid` and last offset). The bare server has no resume, so its"
        + " lost messages are what a client without resume misses. A client is caught up at"
        + " its first message published after the reconnect began; lost counts seq gaps.",
        scenarios.storm);
    section(page, "5. Coalescing at high input rates", "One channel with "
        + scenarios.scale().fanOutClients() + " subscribers at input rates where Socket.IO"
        + " no longer keeps up in the ramp. Courtside runs with `--coalesce-ms "
        + scenarios.scale().coalesceMs() + "`, which merges each channel's changes within that"
        + " window into one delta; Socket.IO sends every update. Freshness is the age of the"
        + " newest play a client has at receive time.",
        scenarios.coalesce);
    section(page, "6. SSE and long polling", "Courtside only, "
        + scenarios.scale().transportClients() + " clients per transport on `games` at 10"
        + " updates per second, one transport after the other against one server.",
        scenarios.transports);
    page.append(microbenchmarks());
    if (!scenarios.failures.isEmpty()) {
      page.append("## Failures in this run\n\n");
      for (String failure : scenarios.failures) {
        page.append("- ").append(failure).append('\n');
      }
      page.append('\n');
    }
    Path analysis = config.markdown().toAbsolutePath().getParent().getParent()
        .resolve("bench/analysis.md");
    if (Files.exists(analysis)) {
      page.append(Files.readString(analysis).strip()).append("\n");
    }
    return page.toString();
  }

  /** Returns the JFR summaries of the Java servers' fan-out ramps, if they were recorded. */
  private String profiles() throws IOException {
    StringBuilder text = new StringBuilder();
    for (Stack stack : List.of(Stack.COURTSIDE, Stack.BARE)) {
      List<Path> recordings;
      try (var files = Files.list(config.workDir())) {
        recordings = files.filter(file -> file.getFileName().toString()
            .matches(stack.id + "-\\d+\\.jfr")).sorted().toList();
      }
      if (recordings.isEmpty()) {
        continue;
      }
      text.append("### Where ").append(stack.label).append(" spends its CPU in the ramp\n\n")
          .append("JDK Flight Recorder with its `profile` settings over the server's whole"
              + " life in scenario 1, start-up included.\n\n")
          .append(ProfileSummary.summarize(recordings.get(0)));
    }
    return text.toString();
  }

  /** Returns the JMH results of this run as a table, from the CSV that JMH wrote. */
  private String microbenchmarks() throws IOException {
    Path csv = config.outDir().resolve("jmh.csv");
    StringBuilder text = new StringBuilder("## Microbenchmarks (JMH)\n\n");
    text.append("Hot paths of one message, single-threaded, average time per operation"
        + " (`bench/src/main/java/dev/courtside/bench/jmh`).\n\n");
    if (!Files.exists(csv)) {
      return text.append("No results: JMH did not run.\n\n").toString();
    }
    text.append("| benchmark | score | error (99.9 %) | unit |\n|---|---|---|---|\n");
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.replace("\"", "").split(",");
      if (cells.length < 7) {
        continue;
      }
      String name = cells[0].replace("dev.courtside.bench.jmh.", "");
      text.append("| ").append(name).append(" | ")
          .append(Table.format(Double.parseDouble(cells[4]))).append(" | ")
          .append(Table.format(Double.parseDouble(cells[5]))).append(" | ")
          .append(cells[6]).append(" |\n");
    }
    return text.append("\nRaw data: [jmh.csv](").append(relative("jmh.csv"))
        .append(")\n\n").toString();
  }

  private String method() {
    return """
        ## How it measures

        - Every server publishes from inside its own process at a rate set over HTTP \
        (`POST /admin/synthetic?rate=N`), and every update carries its publish time in \
        microseconds (`lastPlay.time`). Courtside runs its own synthetic feed \
        (`--synthetic`), so its numbers include the engine, the merge patch, the journal and \
        the H2 store.
        - The load generator (`src/test/java/dev/courtside/bench`) is Java on Netty with \
        NIO, several processes with one event loop thread each. It parses frames and the \
        envelope in place, records publish-to-receive time per message in HdrHistogram and \
        counts gaps by seq. It reports its own CPU time (`OperatingSystemMXBean`) per step \
        as "loadgen CPU %", where 100 % is one core. Its core lives in the root project's \
        tests, so `BenchmarkSmokeIT` runs it against Courtside in `./mvnw verify`, and the \
        bench module compiles the same sources.
        - Socket.IO runs as one Node.js process, its default deployment: several processes \
        would need sticky sessions and an adapter. The bare server runs one Vert.x verticle \
        per core. Socket.IO has connection state recovery on only in scenarios 2 and 4.
        - Server CPU is user plus system time from `/proc/PID/stat` over the window, and \
        "server CPU us/msg" divides it by the messages delivered in that window.
        - "delivered %" compares messages received with updates published times \
        subscribers in the same window, so messages in flight at the edges move it by a \
        fraction of a percent.
        - Unless `--no-pin` is given, each server runs on the first half of the CPUs and the \
        load generators on the rest (`taskset`, see "pinning" above), so a server never \
        competes with its own load; the Java servers then start one event loop per CPU they \
        have. Compare the stacks with each other rather than with other machines.

        """;
  }

  private void section(StringBuilder page, String title, String description, Table table) {
    page.append("## ").append(title).append("\n\n").append(description).append("\n\n");
    if (table.rows.isEmpty()) {
      page.append("No results: see the failures below.\n\n");
    } else {
      page.append(table.toMarkdown()).append('\n');
    }
    page.append("Raw data: [").append(table.name).append(".csv](")
        .append(relative(table.name + ".csv")).append(")\n\n");
  }

  private String targets() {
    StringBuilder text = new StringBuilder("## Targets\n\n");
    text.append("| target | Courtside | Socket.IO 4 | bare Vert.x | met |\n|---|---|---|---|---|\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(cpuTarget());
    rows.add(maxRateTarget());
    rows.add(latencyTarget());
    rows.addAll(memoryTargets());
    rows.add(stormTarget());
    for (String[] row : rows) {
      text.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return text.append('\n').toString();
  }

  private String[] cpuTarget() {
    Map<Double, List<String>> courtside = scenarios.fanOutByRate(Stack.COURTSIDE);
    Map<Double, List<String>> socketio = scenarios.fanOutByRate(Stack.SOCKETIO);
    Map<Double, List<String>> bare = scenarios.fanOutByRate(Stack.BARE);
    Double common = null;
    for (Double rate : courtside.keySet()) {
      if (keptUp(courtside.get(rate)) && keptUp(socketio.get(rate)) && keptUp(bare.get(rate))) {
        common = rate;
      }
    }
    String name = "server CPU per delivered message <= 1/2 of Socket.IO and < bare";
    if (common == null) {
      return new String[] {name, "n/a", "n/a", "n/a", "not measured: no rate where all"
          + " three kept up"};
    }
    double c = number(scenarios.fanOut, courtside.get(common), "server CPU us/msg");
    double s = number(scenarios.fanOut, socketio.get(common), "server CPU us/msg");
    double b = number(scenarios.fanOut, bare.get(common), "server CPU us/msg");
    boolean met = c <= s / 2 && c < b;
    return new String[] {name + " (at " + Table.format(common) + " updates/s)",
        Table.format(c) + " us", Table.format(s) + " us (x" + ratio(s, c) + ")",
        Table.format(b) + " us (x" + ratio(b, c) + ")", met ? "yes" : "**no**"};
  }

  private String[] maxRateTarget() {
    double c = maxKeptUp(Stack.COURTSIDE);
    double s = maxKeptUp(Stack.SOCKETIO);
    double b = maxKeptUp(Stack.BARE);
    boolean met = c >= 2 * s && s > 0;
    return new String[] {"highest delivered/s at " + scenarios.scale().fanOutClients()
        + " clients (>= 95 % delivered, p99 <= 500 ms) >= 2x Socket.IO",
        Table.format(c), Table.format(s) + " (Courtside x" + ratio(c, s) + ")",
        Table.format(b) + " (Courtside x" + ratio(c, b) + ")", met ? "yes" : "**no**"};
  }

  private String[] latencyTarget() {
    List<String> row = scenarios.fanOutByRate(Stack.COURTSIDE).get(1.0);
    List<String> peer = scenarios.fanOutByRate(Stack.SOCKETIO).get(1.0);
    List<String> bare = scenarios.fanOutByRate(Stack.BARE).get(1.0);
    double c = row == null ? Double.NaN : number(scenarios.fanOut, row, "p99 ms");
    return new String[] {"p99 at " + scenarios.scale().fanOutClients()
        + " clients and 1 update/s <= 60 ms", Table.format(c) + " ms",
        peer == null ? "n/a" : scenarios.fanOut.get(peer, "p99 ms") + " ms",
        bare == null ? "n/a" : scenarios.fanOut.get(bare, "p99 ms") + " ms",
        c <= 60 ? "yes" : "**no**"};
  }

  private List<String[]> memoryTargets() {
    String[] heap = {"heap per idle WebSocket after full GC <= 6 KB", "n/a", "n/a", "n/a",
        "**no**"};
    String[] rss = {"RSS per idle WebSocket <= 10 KB", "n/a", "n/a", "n/a", "**no**"};
    for (List<String> row : scenarios.memory.rows) {
      String stack = scenarios.memory.get(row, "stack");
      int column = stack.equals(Stack.COURTSIDE.label) ? 1
          : stack.equals(Stack.SOCKETIO.label) ? 2 : 3;
      heap[column] = scenarios.memory.get(row, "heap/conn KB") + " KB";
      rss[column] = scenarios.memory.get(row, "RSS/conn KB") + " KB";
      if (column == 1) {
        heap[4] = number(scenarios.memory, row, "heap/conn KB") <= 6 ? "yes" : "**no**";
        rss[4] = number(scenarios.memory, row, "RSS/conn KB") <= 10 ? "yes" : "**no**";
      }
    }
    return List.of(heap, rss);
  }

  private String[] stormTarget() {
    String[] result = {"reconnect storm: all " + scenarios.scale().stormClients()
        + " caught up in < 5 s, 0 lost", "n/a", "n/a", "n/a", "**no**"};
    for (List<String> row : scenarios.storm.rows) {
      String stack = scenarios.storm.get(row, "stack");
      int column = stack.equals(Stack.COURTSIDE.label) ? 1
          : stack.equals(Stack.SOCKETIO.label) ? 2 : 3;
      result[column] = scenarios.storm.get(row, "all caught up s") + " s, "
          + scenarios.storm.get(row, "lost") + " lost";
      if (column == 1) {
        double seconds = number(scenarios.storm, row, "all caught up s");
        boolean met = seconds < 5 && "0".equals(scenarios.storm.get(row, "lost"));
        result[4] = met ? "yes" : "**no**";
      }
    }
    return result;
  }

  private boolean keptUp(List<String> row) {
    return row != null && "yes".equals(scenarios.fanOut.get(row, "kept up"));
  }

  private double maxKeptUp(Stack stack) {
    double max = 0;
    for (List<String> row : scenarios.fanOutByRate(stack).values()) {
      if (keptUp(row)) {
        max = Math.max(max, number(scenarios.fanOut, row, "delivered/s"));
      }
    }
    return max;
  }

  private static String ratio(double numerator, double denominator) {
    if (!(denominator > 0) || Double.isNaN(numerator)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f", numerator / denominator);
  }
}
