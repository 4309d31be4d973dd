package dev.courtside.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Several load generator processes ({@link LoadWorker}) against one server, driven together:
 * every command goes to all of them, and the runner waits for every reply.
 */
final class WorkerPool implements AutoCloseable {

  private final List<Worker> workers = new ArrayList<>();

  /**
   * Starts {@code count} worker processes of one dialect against {@code port}.
   *
   * @throws IOException when a process cannot start
   */
  WorkerPool(BenchConfig config, Dialect dialect, int port, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      List<String> command = List.of("java", "-Xms256m", "-Xmx768m", "-XX:+UseParallelGC",
          "-cp", config.benchClasspath(),
          LoadWorker.class.getName(), "--dialect", dialect.wireName(), "--port",
          Integer.toString(port), "--threads", "1", "--max-pending", "200",
          "--max-seconds", "1200");
      Path log = config.workDir().resolve("worker-" + dialect.wireName() + "-" + port + "-" + i
          + ".log");
      Process process = new ProcessBuilder(BenchConfig.pinned(config.loadCpus(), command))
          .redirectError(log.toFile()).start();
      config.recordPid(process.pid());
      workers.add(new Worker(process));
    }
  }

  /**
   * Opens {@code total} connections spread evenly over the workers; connection i follows
   * channel {@code String.format(format, i % channels + 1)}.
   *
   * @return connections open afterwards
   */
  long open(int total, String format, int channels, Duration timeout)
      throws IOException, InterruptedException {
    int count = workers.size();
    for (int w = 0; w < count; w++) {
      int first = (int) ((long) total * w / count);
      int last = (int) ((long) total * (w + 1) / count);
      workers.get(w).send("open " + first + " " + (last - first) + " " + format + " " + channels
          + " " + timeout.toSeconds());
    }
    awaitAll("ok open", timeout.plusSeconds(30));
    return connections();
  }

  /** Starts a measurement window in every worker. */
  void window() throws IOException, InterruptedException {
    sendAll("window");
    awaitAll("ok window", Duration.ofSeconds(30));
  }

  /** Returns the sum of every worker's window since the last {@link #window()} or report. */
  LoadReport report() throws IOException, InterruptedException {
    sendAll("report");
    LoadReport sum = LoadReport.empty();
    for (String line : awaitAll("report ", Duration.ofSeconds(60))) {
      sum = sum.plus(LoadReport.fromJson(line.substring("report ".length())));
    }
    return sum;
  }

  /**
   * Returns the messages received in the current window that were published in
   * {@code [fromSecond, toSecond)}, in epoch seconds, over all workers.
   */
  long receivedPublishedIn(long fromSecond, long toSecond)
      throws IOException, InterruptedException {
    sendAll("count " + fromSecond + " " + toSecond);
    long sum = 0;
    for (String line : awaitAll("count ", Duration.ofSeconds(30))) {
      sum += Long.parseLong(line.substring("count ".length()).trim());
    }
    return sum;
  }

  /** Returns the connections open in all workers now. */
  long connections() throws IOException, InterruptedException {
    return report().connections();
  }

  /** Closes every connection at once, keeping positions. */
  void drop() throws IOException, InterruptedException {
    sendAll("drop");
    awaitAll("ok drop", Duration.ofSeconds(60));
  }

  /** Reconnects every client with its position. */
  void resume(Duration timeout) throws IOException, InterruptedException {
    sendAll("resume " + timeout.toSeconds());
    awaitAll("ok resume", timeout.plusSeconds(30));
  }

  private void sendAll(String command) throws IOException {
    for (Worker worker : workers) {
      worker.send(command);
    }
  }

  private List<String> awaitAll(String prefix, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> answers = new ArrayList<>();
    for (Worker worker : workers) {
      answers.add(worker.await(prefix, deadline));
    }
    return answers;
  }

  /** Tells every worker to quit, then kills any that is still running after 10 s. */
  @Override
  public void close() {
    for (Worker worker : workers) {
      try {
        worker.send("quit");
      } catch (IOException e) {
        // The worker is gone already; destroy() below makes sure.
      }
    }
    for (Worker worker : workers) {
      worker.stop();
    }
  }

  /** One worker process and the lines it printed, read by a daemon thread. */
  private static final class Worker {
    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Worker(Process process) {
      this.process = process;
      this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = output.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("error output closed: " + e.getMessage());
        }
      }, "worker-" + process.pid() + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    void send(String command) throws IOException {
      input.write(command + "\n");
      input.flush();
    }

    String await(String prefix, long deadlineNanos) throws IOException, InterruptedException {
      while (true) {
        long left = deadlineNanos - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new IOException("Load worker " + process.pid() + " gave no '" + prefix
              + "' answer in time (alive=" + process.isAlive() + ")");
        }
        if (line.startsWith(prefix)) {
          return line;
        }
        if (line.startsWith("error")) {
          throw new IOException("Load worker " + process.pid() + " failed: " + line);
        }
      }
    }

    void stop() {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
