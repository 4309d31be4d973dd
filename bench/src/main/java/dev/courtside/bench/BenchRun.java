package dev.courtside.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The benchmark runner that {@code bench/run.sh} starts: runs every scenario against
 * Courtside, the Socket.IO peer and the bare Vert.x broadcast, then writes the report page,
 * CSV files and charts.
 *
 * <p>Arguments are {@code --name value} pairs: {@code --courtside-jar}, {@code --node-server},
 * {@code --classpath}, {@code --work-dir}, {@code --out-dir}, {@code --markdown},
 * {@code --pid-file}, {@code --base-port}, {@code --clock-ticks}, {@code --quick true|false},
 * {@code --environment FILE} with the machine and version lines for the report,
 * {@code --server-cpus} and {@code --load-cpus} (CPU lists for {@code taskset}), and, to
 * rerun a part while working on it, {@code --scenarios} (a comma list of fanout, channels,
 * memory, coalesce, transports; default all) and {@code --stacks} (a comma list of courtside,
 * socketio, bare; default all).
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
        Boolean.parseBoolean(options.getOrDefault("quick", "false")),
        options.getOrDefault("server-cpus", ""), options.getOrDefault("load-cpus", ""));
    Files.createDirectories(config.workDir());
    Files.createDirectories(config.outDir());
    String environment = options.containsKey("environment")
        ? Files.readString(Path.of(options.get("environment"))) : "";

    long start = System.nanoTime();
    Scenarios scenarios = new Scenarios(config);
    // The page is written again after each scenario, so a run stopped early still leaves the
    // results it has.
    Set<String> only = choices(options, "scenarios",
        Set.of("fanout", "channels", "memory", "coalesce", "transports"));
    Set<String> stacks = choices(options, "stacks", Set.of("courtside", "socketio", "bare"));
    Map<String, Consumer<Stack>> perStack = new LinkedHashMap<>();
    perStack.put("fanout", scenarios::fanOut);
    perStack.put("channels", scenarios::manyChannelsAndStorm);
    perStack.put("memory", scenarios::idleMemory);
    for (Map.Entry<String, Consumer<Stack>> scenario : perStack.entrySet()) {
      if (!only.contains(scenario.getKey())) {
        continue;
      }
      for (Stack stack : Stack.values()) {
        if (stacks.contains(stack.id)) {
          scenario.getValue().accept(stack);
        }
      }
      writeReport(config, scenarios, environment, start, false);
    }
    if (only.contains("coalesce")) {
      if (stacks.contains(Stack.COURTSIDE.id)) {
        scenarios.coalescing(Stack.COURTSIDE, scenarios.scale().coalesceMs());
      }
      if (stacks.contains(Stack.SOCKETIO.id)) {
        scenarios.coalescing(Stack.SOCKETIO, 0);
      }
      writeReport(config, scenarios, environment, start, false);
    }
    if (only.contains("transports") && stacks.contains(Stack.COURTSIDE.id)) {
      scenarios.transports();
    }
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

  /** Returns the comma-separated names of an option, all of {@code allowed} when absent. */
  private static Set<String> choices(Map<String, String> options, String name,
      Set<String> allowed) {
    String value = options.get(name);
    if (value == null) {
      return allowed;
    }
    Set<String> chosen = new HashSet<>(Arrays.asList(value.split(",")));
    for (String choice : chosen) {
      if (!allowed.contains(choice)) {
        throw new IllegalArgumentException("Unknown --" + name + " entry '" + choice
            + "': expected some of " + new TreeSet<>(allowed));
      }
    }
    return chosen;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name);
    }
    return value;
  }
}
