package dev.courtside.web;

import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.Settings;
import dev.courtside.ops.TestServers;
import dev.courtside.push.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Courtside server on a free port of 127.0.0.1 with its store in a test folder, and a replay
 * of bundled recordings that the test starts and stops itself, so the test controls when the
 * games change.
 */
final class ReplayServer implements AutoCloseable {

  /**
   * Maximum delay that a stopping server sends its clients in the reconnect message, on top of
   * 500 ms. The default of 5 s would make the reconnect test wait for nothing.
   */
  private static final Duration SHUTDOWN_SPREAD = Duration.ofMillis(500);

  private final Settings settings;
  private final List<Recording> recordings;
  private final CourtsideServer server;
  private final ReplayFeed replay;
  private final GamesApiClient api;
  private final int port;

  private ReplayServer(Settings settings, List<Recording> recordings, double speed) {
    this.settings = settings;
    this.recordings = recordings;
    this.server = CourtsideServer.startWithoutFeeds(settings, Limits.DEFAULTS);
    try {
      this.replay = new ReplayFeed(recordings, server.engine(), speed, false, Duration.ZERO);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    this.port = server.port();
    this.api = new GamesApiClient(port);
  }

  /**
   * Starts a server with its store under {@code dir} and prepares, without starting, a replay
   * of the given classpath recordings.
   *
   * @param speed the replay speed: 1 real time, 0 as fast as possible
   */
  static ReplayServer start(Path dir, double speed, List<String> resources) throws IOException {
    List<Recording> recordings = new ArrayList<>();
    for (String resource : resources) {
      recordings.add(Recording.fromClasspath(resource));
    }
    Settings base = TestServers.settings(dir);
    Settings settings = new Settings(base.host(), base.port(), base.replay(), base.speed(),
        base.loop(), base.db(), base.redis(), base.coalesce(), base.journalCapacity(),
        SHUTDOWN_SPREAD).withClientLimits(base.clientLimits());
    return new ReplayServer(settings, recordings, speed);
  }

  /**
   * Stops this server if it still runs, which sends its clients a reconnect message, and starts
   * a new one on the same port and store with a new replay of the same recordings at {@code newSpeed}. The new server
   * recovers the games from the store, and its channels start a new epoch.
   */
  ReplayServer restart(double newSpeed) {
    close();
    return new ReplayServer(settings.withPort(port), recordings, newSpeed);
  }

  CourtsideServer server() {
    return server;
  }

  ReplayFeed replay() {
    return replay;
  }

  GamesApiClient api() {
    return api;
  }

  /** Returns the absolute URL of a path on this server, such as {@code /games/0022000001}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Stops the replay, then the server. */
  @Override
  public void close() {
    try {
      replay.stop();
    } finally {
      server.close();
    }
  }
}
