package dev.courtside.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A load generator process, driven by the benchmark runner through standard input and output.
 *
 * <p>Arguments: {@code --dialect NAME --port N [--threads N] [--max-pending N]
 * [--max-seconds N]}. It reads one command per line and replies to each with one line that
 * starts with {@code ok}, {@code report}, {@code count} or {@code error}:
 *
 * <ul>
 *   <li>{@code open FIRST COUNT FORMAT CHANNELS TIMEOUT_S}: opens COUNT connections numbered
 *       from FIRST; connection i follows {@code String.format(FORMAT, i % CHANNELS + 1)}.
 *   <li>{@code window}: starts a measurement window.
 *   <li>{@code report}: prints {@code report JSON} for the window and starts the next one.
 *   <li>{@code count FROM TO}: prints {@code count N}, the messages received in the window
 *       that were published in {@code [FROM, TO)}, in epoch seconds.
 *   <li>{@code drop}: closes every connection at once, keeping positions.
 *   <li>{@code resume TIMEOUT_S}: reconnects every client with its position.
 *   <li>{@code quit}: closes everything and exits.
 * </ul>
 *
 * <p>The process exits by itself when its input closes (the runner died) or after
 * {@code --max-seconds}, 1200 by default.
 */
public final class LoadWorker {

  private LoadWorker() {}

  /** Runs the command loop until {@code quit}, end of input or the time limit. */
  public static void main(String[] args) throws IOException, InterruptedException {
    // Standard output carries the protocol, so anything a library logs goes to stderr.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Map<String, String> options = parseOptions(args);
    Dialect dialect = Dialect.parse(require(options, "dialect"));
    int port = Integer.parseInt(require(options, "port"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
    int maxPending = Integer.parseInt(options.getOrDefault("max-pending", "200"));
    long maxSeconds = Long.parseLong(options.getOrDefault("max-seconds", "1200"));
    startDeadline(maxSeconds);

    try (LoadGenerator generator = new LoadGenerator(dialect, port, threads, maxPending);
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = input.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        try {
          if (!run(generator, words, protocol)) {
            return;
          }
        } catch (RuntimeException e) {
          protocol.println("error " + words[0] + " failed: " + e);
        }
      }
    }
  }

  private static boolean run(LoadGenerator generator, String[] words, PrintStream protocol)
      throws InterruptedException {
    switch (words[0]) {
      case "open" -> {
        int first = Integer.parseInt(words[1]);
        int count = Integer.parseInt(words[2]);
        String format = words[3];
        int channels = Integer.parseInt(words[4]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(words[5]));
        long open = generator.open(first, count,
            i -> String.format(format, i % channels + 1), timeout);
        protocol.println("ok open connections=" + open);
      }
      case "window" -> {
        generator.startWindow();
        protocol.println("ok window");
      }
      case "report" -> protocol.println("report " + generator.endWindow().toJson());
      case "count" -> protocol.println("count " + generator.receivedPublishedIn(
          Long.parseLong(words[1]), Long.parseLong(words[2])));
      case "drop" -> {
        generator.drop(Duration.ofSeconds(30));
        protocol.println("ok drop connections=" + generator.connections());
      }
      case "resume" -> {
        generator.resume(Duration.ofSeconds(Long.parseLong(words[1])));
        protocol.println("ok resume connections=" + generator.connections());
      }
      case "quit" -> {
        protocol.println("ok quit");
        return false;
      }
      default -> protocol.println("error unknown command '" + words[0]
          + "': expected open, window, report, count, drop, resume or quit");
    }
    return true;
  }

  private static void startDeadline(long maxSeconds) {
    Thread deadline = new Thread(() -> {
      try {
        Thread.sleep(Duration.ofSeconds(maxSeconds).toMillis());
        System.err.println("load worker stopped after --max-seconds " + maxSeconds);
        System.exit(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "load-worker-deadline");
    deadline.setDaemon(true);
    deadline.start();
  }

  private static Map<String, String> parseOptions(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Invalid argument '" + args[i]
            + "': expected --name value pairs");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name);
    }
    return value;
  }
}
