package dev.courtside.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server process under test: Courtside, the Socket.IO peer or the bare broadcast. It is
 * started on 127.0.0.1, driven through its {@code /admin/synthetic} endpoint, and measured
 * from outside: CPU time from {@code /proc/PID/stat}, resident memory from
 * {@code /proc/PID/status}, and heap after a full GC.
 */
final class ServerUnderTest implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  final Stack stack;
  final int port;
  private final Process process;
  // HTTP/1.1 without an h2c upgrade: the Node server hands upgrade requests to Socket.IO,
  // which closes those that are not for /socket.io/.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final long clockTicksPerSecond;

  private ServerUnderTest(Stack stack, int port, Process process, long clockTicksPerSecond) {
    this.stack = stack;
    this.port = port;
    this.process = process;
    this.clockTicksPerSecond = clockTicksPerSecond;
  }

  /**
   * Starts a server and waits until its admin endpoint responds, at most 90 s.
   *
   * @param extraArgs more arguments for the server, such as {@code --coalesce-ms 100}
   * @throws IOException when the process cannot start or never becomes ready
   */
  static ServerUnderTest start(BenchConfig config, Stack stack, int port, int games,
      double rate, List<String> extraArgs) throws IOException, InterruptedException {
    return start(config, stack, port, games, rate, extraArgs, false);
  }

  /**
   * Starts a server as {@link #start(BenchConfig, Stack, int, int, double, List)} does; with
   * {@code record}, a Java server runs JDK Flight Recorder with its profile settings and
   * writes {@code STACK-PORT.jfr} to the work folder when it stops.
   */
  static ServerUnderTest start(BenchConfig config, Stack stack, int port, int games,
      double rate, List<String> extraArgs, boolean record)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    String recording = "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
        + config.workDir().resolve(stack.id + "-" + port + ".jfr");
    String flightRecorder = record ? recording : "-XX:+FlightRecorder";
    switch (stack) {
      case COURTSIDE -> {
        command.addAll(List.of("java", "-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:FlightRecorderOptions=stackdepth=128", flightRecorder, "-jar",
            config.courtsideJar().toString(), "--host", LoadGenerator.HOST, "--port",
            Integer.toString(port), "--synthetic", Long.toString((long) rate),
            "--synthetic-games", Integer.toString(games), "--db",
            "jdbc:h2:file:" + config.workDir().resolve("db-" + port)));
        // Every load connection comes from 127.0.0.1, so the per-address limits are off and
        // the overall maximum sits above the largest scenario.
        command.addAll(List.of("--max-connections-per-address", "0", "--request-rate", "0",
            "--max-connections", "100000"));
      }
      case SOCKETIO -> {
        command.addAll(List.of("node", "--expose-gc", "--max-old-space-size=2048",
            config.nodeServer().toString(), "--port", Integer.toString(port), "--games",
            Integer.toString(games), "--rate", Long.toString((long) rate)));
      }
      case BARE -> {
        command.addAll(List.of("java", "-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:FlightRecorderOptions=stackdepth=128", flightRecorder, "-cp",
            config.benchClasspath(), BareBroadcastServer.class.getName(), "--port",
            Integer.toString(port), "--games", Integer.toString(games), "--rate",
            Long.toString((long) rate)));
      }
      default -> throw new IllegalArgumentException("Unknown stack " + stack);
    }
    command.addAll(extraArgs);
    Path log = config.workDir().resolve(stack.id + "-" + port + ".log");
    Process process = new ProcessBuilder(BenchConfig.pinned(config.serverCpus(), command))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    config.recordPid(process.pid());
    ServerUnderTest server = new ServerUnderTest(stack, port, process, config.clockTicks());
    try {
      server.awaitReady(Duration.ofSeconds(90), log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(stack.label + " exited with status " + process.exitValue()
            + " before it was ready; see " + log);
      }
      try {
        status();
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new IOException(stack.label + " did not answer on port " + port + " within "
        + timeout.toSeconds() + " s; see " + log);
  }

  long pid() {
    return process.pid();
  }

  /** Returns the admin status: rate, games, published, skipped, failed. */
  JsonNode status() throws IOException, InterruptedException {
    return admin("GET", "/admin/synthetic");
  }

  /** Sets the publish rate in updates per second. */
  void setRate(double rate) throws IOException, InterruptedException {
    admin("POST", "/admin/synthetic?rate=" + (long) rate);
  }

  /** Returns the updates published since start. */
  long published() throws IOException, InterruptedException {
    return status().path("published").asLong();
  }

  private JsonNode admin(String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + LoadGenerator.HOST + ":" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(stack.label + " " + method + " " + path + " failed with status "
          + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  /** Returns the CPU time (user and system) the process has used, in nanoseconds. */
  long cpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name, which is in brackets and may contain spaces: utime and
    // stime are fields 14 and 15 of proc(5), so 12 and 13 after the closing bracket.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * TimeUnit.SECONDS.toNanos(1) / clockTicksPerSecond;
  }

  /** Returns the resident set size in bytes, from VmRSS. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("No VmRSS in /proc/" + pid() + "/status");
  }

  /**
   * Runs a full GC and returns the heap in use after it, in bytes: {@code jcmd GC.run} and
   * {@code GC.heap_info} for Java, {@code global.gc()} and {@code heapUsed} for Node.
   */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    if (stack == Stack.SOCKETIO) {
      admin("GET", "/admin/memory");
      return admin("GET", "/admin/memory").path("heapUsed").asLong();
    }
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher matcher = HEAP_USED.matcher(info);
    if (!matcher.find()) {
      throw new IOException("No 'used NK' in jcmd GC.heap_info output: " + info);
    }
    return Long.parseLong(matcher.group(1)) * 1024;
  }

  /** Runs {@code jcmd PID COMMAND...} and returns its output. */
  String jcmd(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("jcmd", Long.toString(pid())));
    command.addAll(List.of(arguments));
    Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = jcmd.getInputStream().readAllBytes();
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      throw new IOException("jcmd " + String.join(" ", arguments) + " failed: "
          + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  /** Stops the process with SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
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
