package dev.courtside.ops;

import dev.courtside.push.Limits;
import java.io.IOException;
import java.nio.file.Path;

/** Starts Courtside servers for tests: a free port, an H2 file in a test folder. */
public final class TestServers {

  private TestServers() {}

  /**
   * Returns settings on a free loopback port with the store under {@code dir}. The per-address
   * request rate limit is off, because every test client connects from 127.0.0.1 and several
   * tests poll faster than one browser would. The other client limits keep their defaults.
   */
  public static Settings settings(Path dir) {
    return Settings.defaults().withPort(0).withDb("jdbc:h2:file:" + dir.resolve("db"))
        .withHostLoopback()
        .withClientLimits(
            ClientLimits.DEFAULTS.withRequestRate(0, ClientLimits.DEFAULT_REQUEST_BURST));
  }

  /** Starts a server that replays one recording at the given speed, once. */
  public static CourtsideServer replaying(Path dir, String recording, double speed)
      throws IOException {
    return CourtsideServer.start(settings(dir).withReplay(recording, speed, false));
  }

  /** Starts a server that replays one recording with custom limits. */
  public static CourtsideServer replaying(Path dir, String recording, double speed,
      Limits limits) throws IOException {
    return CourtsideServer.start(settings(dir).withReplay(recording, speed, false), limits);
  }

  /** Returns the file path of a bundled recording, for {@code --replay}. */
  public static String recording(String name) {
    return Path.of("src/main/resources/recordings", name).toAbsolutePath().toString();
  }
}
