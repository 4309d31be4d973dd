package dev.courtside.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths and settings of one benchmark run: what it starts, and where it writes.
 *
 * @param courtsideJar the shaded Courtside jar
 * @param nodeServer the Socket.IO peer's server.js
 * @param benchClasspath class path of the bench module, for the bare server and the workers
 * @param workDir folder for logs and databases of this run
 * @param outDir folder for the CSV files and charts
 * @param markdown the report page to write
 * @param pidFile file that gets the id of every process started, one per line, so the
 *     calling script can stop them if this runner dies
 * @param basePort first port to use; each server gets the next one
 * @param clockTicks kernel clock ticks per second, the unit of CPU times in /proc
 * @param quick true for the smoke run: small numbers, seconds per scenario
 * @param serverCpus CPUs the server under test runs on, as {@code taskset -c} takes them, or
 *     empty to leave it unpinned
 * @param loadCpus CPUs the load generators run on, or empty to leave them unpinned
 */
record BenchConfig(Path courtsideJar, Path nodeServer, String benchClasspath, Path workDir,
    Path outDir, Path markdown, Path pidFile, int basePort, long clockTicks, boolean quick,
    String serverCpus, String loadCpus) {

  /** Returns {@code command} started on the given CPUs, or as it is when none are given. */
  static List<String> pinned(String cpus, List<String> command) {
    if (cpus.isEmpty()) {
      return command;
    }
    List<String> full = new ArrayList<>(List.of("taskset", "-c", cpus));
    full.addAll(command);
    return full;
  }

  /** Appends a process id to the pid file. */
  void recordPid(long pid) {
    try {
      Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to record pid " + pid + " in " + pidFile, e);
    }
  }
}
