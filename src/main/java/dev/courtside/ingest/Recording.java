package dev.courtside.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One recorded feed payload to replay.
 *
 * @param name the file path or classpath resource it was read from, for logs
 * @param payload the raw bytes, parsed later by {@link Adapters#read}
 */
public record Recording(String name, byte[] payload) {

  /** Classpath resource that lists the recordings replayed when no other is given. */
  public static final String DEFAULT_REPLAY_LIST = "recordings/default-replay.txt";

  /**
   * Reads a recorded file, or every {@code .json} and {@code .html} file under a folder
   * (sub-folders included) in path order.
   *
   * @throws IOException when the path does not exist or a file cannot be read
   */
  public static List<Recording> fromPath(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("Replay path not found: " + path
          + ". Give a recorded payload file or a folder of them");
    }
    if (!Files.isDirectory(path)) {
      return List.of(new Recording(path.toString(), Files.readAllBytes(path)));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(path)) {
      files = walk.filter(Files::isRegularFile)
          .filter(file -> isRecording(file.getFileName().toString()))
          .sorted()
          .toList();
    }
    List<Recording> recordings = new ArrayList<>();
    for (Path file : files) {
      recordings.add(new Recording(file.toString(), Files.readAllBytes(file)));
    }
    return recordings;
  }

  /**
   * Reads a recording bundled on the classpath, such as
   * {@code recordings/nba-livedata/boxscore_0022000001.json}.
   *
   * @throws IOException when the resource is missing or cannot be read
   */
  public static Recording fromClasspath(String resource) throws IOException {
    try (InputStream in = open(resource)) {
      return new Recording(resource, in.readAllBytes());
    }
  }

  /**
   * Reads the recordings listed in {@value #DEFAULT_REPLAY_LIST}: one classpath path a line,
   * with blank lines and lines starting with {@code #} ignored.
   *
   * @throws IOException when the list or a recording it names is missing
   */
  public static List<Recording> bundled() throws IOException {
    String list;
    try (InputStream in = open(DEFAULT_REPLAY_LIST)) {
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Recording> recordings = new ArrayList<>();
    for (String line : list.split("\\R")) {
      String resource = line.trim();
      if (!resource.isEmpty() && !resource.startsWith("#")) {
        recordings.add(fromClasspath(resource));
      }
    }
    return recordings;
  }

  private static boolean isRecording(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".html");
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = Recording.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Bundled recording not found on the classpath: " + resource);
    }
    return in;
  }

  @Override
  public String toString() {
    return "Recording[" + name + ", " + payload.length + " bytes]";
  }
}
