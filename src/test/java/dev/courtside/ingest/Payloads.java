package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bundled recordings as tests read them: raw bytes, parsed trees, adapted batches. */
final class Payloads {

  private Payloads() {}

  /** Returns the bytes of a recording, named relative to {@code recordings/}. */
  static byte[] bytes(String recording) {
    try {
      return Recording.fromClasspath("recordings/" + recording).payload();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a recording parsed into a tree that a test may change. */
  static ObjectNode tree(String recording) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(bytes(recording));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a recording through the adapter registry, with its file name as the source. */
  static FeedBatch read(String recording) throws FeedFormatException {
    return Adapters.read(fileName(recording), bytes(recording));
  }

  /** Reads a changed tree through the adapter registry, as if it came from {@code source}. */
  static FeedBatch read(String source, JsonNode tree) throws FeedFormatException {
    return Adapters.read(source, Json.write(tree).getBytes(StandardCharsets.UTF_8));
  }

  static String fileName(String recording) {
    return recording.substring(recording.lastIndexOf('/') + 1);
  }
}
