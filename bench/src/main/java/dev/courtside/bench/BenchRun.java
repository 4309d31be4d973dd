package dev.courtside.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark runner that {@code bench/run.sh} starts: runs every scenario against
 * Courtside, the Socket.IO peer and the bare Vert.x broadcast, then writes the report page,
 * CSV files and charts.
 *
 * <p>Arguments are {@code --name value} pairs: {@code --courtside-jar}, {@code --node-server},
 * {@code --classpath}, {@code --work-dir}, {@code --out-dir}, {@code --markdown},
 * {@code --pid-file}, {@code --base-port}, {@code --clock-ticks}, {@code --quick true|false},
 * and {@code --environment FILE} with the machine and version lines for the report.
 */
public final class BenchRun {

  private BenchRun() {}

  /** Runs the benchmark and exits with 0, or 1 when any scenario failed. */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    BenchConfig config = new BenchConfig(Path.of(require(options, "courtside-jar")),
        Path.of(require(options, "node-server")), require(options, "classpath"),
        Path.of(require(options, "work-dir")), Path.of(require(options, "out-dir")),
        Path.of(require(options, "markdown")), Path.of(require(options, "pid-file")),
        Integer.parseInt(options.getOrDefault("base-port", "18100")),
        Long.parseLong(options.getOrDefault("clock-ticks", "100")),
        Boolean.parseBoolean(options.getOrDefault("quick", "false")));
    Files.createDirectories(config.workDir());
    Files.createDirectories(config.outDir());
    String environment = options.containsKey("environment")
        ? Files.readString(Path.of(options.get("environment"))) : "";

    long start = System.nanoTime();
    Scenarios scenarios = new Scenarios(config);
    // The page is written again after each scenario, so a run stopped early still leaves the
    // results it has.
    List<Consumer<Stack>> perStack = List.of(scenarios::fanOut, scenarios::manyChannelsAndStorm,
        scenarios::idleMemory);
    for (Consumer<Stack> scenario : perStack) {
      for (Stack stack : Stack.values()) {
        scenario.accept(stack);
      }
      writeReport(config, scenarios, environment, start, false);
    }
    scenarios.coalescing(Stack.COURTSIDE, scenarios.scale().coalesceMs());
    scenarios.coalescing(Stack.SOCKETIO, 0);
    writeReport(config, scenarios, environment, start, false);
    scenarios.transports();
    Duration elapsed = writeReport(config, scenarios, environment, start, true);

    System.out.println("bench finished seconds=" + elapsed.toSeconds() + " failures="
        + scenarios.failures.size() + " report=" + config.markdown());
    System.exit(scenarios.failures.isEmpty() ? 0 : 1);
  }

  private static Duration writeReport(BenchConfig config, Scenarios scenarios,
      String environment, long startNanos, boolean complete) throws IOException {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    new ReportWriter(config, scenarios, environment, elapsed, complete).write();
    return elapsed;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name);
    }
    return value;
  }
}
