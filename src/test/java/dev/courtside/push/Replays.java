package dev.courtside.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The recorded game the push tests replay, and the channel states clients must end on. */
final class Replays {

  /** NBA game 0022000001 (Warriors at Nets, 2020-12-22): 610 plays, final score 125 to 99. */
  static final String GAME = "0022000001";

  static final String GAME_CHANNEL = "game:" + GAME;

  static final String LEAGUE_CHANNEL = "league:nba";

  private Replays() {}

  /**
   * Creates a replay of the game's play-by-play and box score into the server's engine, not
   * started. The plays span 2 h 15 min of feed time, less where long gaps are cut, so at speed
   * 2000 the replay lasts about 4 s or less.
   */
  static ReplayFeed game(Path dir, CourtsideServer server, double speed) throws IOException {
    return new ReplayFeed(Recording.fromPath(copyRecordings(dir)), server.engine(), speed,
        false, Duration.ZERO);
  }

  /** Copies the game's recordings into {@code dir/replay} and returns that folder. */
  static Path copyRecordings(Path dir) throws IOException {
    Path recordings = Files.createDirectories(dir.resolve("replay"));
    for (String name : List.of("playbyplay_" + GAME + ".json", "boxscore_" + GAME + ".json")) {
      Path target = recordings.resolve(name);
      if (!Files.exists(target)) {
        Files.copy(Path.of(TestServers.recording("nba-livedata/" + name)), target);
      }
    }
    return recordings;
  }

  /**
   * Returns the server's current state of a channel, parsed back from the envelope text so
   * its number nodes have the types a client's parser produces.
   */
  static JsonNode state(CourtsideServer server, String channel) throws IOException {
    Message snapshot = server.fanOut().snapshot(channel);
    return Json.parse(snapshot.json()).get("data");
  }

  /** Returns the server's current seq of a channel. */
  static long seq(CourtsideServer server, String channel) {
    return server.fanOut().snapshot(channel).seq();
  }
}
