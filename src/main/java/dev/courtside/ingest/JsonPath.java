package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The small subset of JSONPath that Redis feed mappings use: {@code $}, member names after
 * dots and array indexes in brackets, as in {@code $.teams[0].score}.
 */
final class JsonPath {

  private JsonPath() {}

  /**
   * Returns the node at {@code path}, or a missing node.
   *
   * @throws IllegalArgumentException when the path is not of the supported form
   */
  static JsonNode read(JsonNode root, String path) {
    if (!path.startsWith("$")) {
      throw new IllegalArgumentException("Invalid path '" + path + "': expected $ first");
    }
    JsonNode node = root;
    int i = 1;
    while (i < path.length() && node != null && !node.isMissingNode()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        node = node.path(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("Invalid path '" + path + "': expected ]");
        }
        try {
          node = node.path(Integer.parseInt(path.substring(i + 1, close).trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Invalid path '" + path
              + "': expected a number inside []");
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("Invalid path '" + path
            + "': expected . or [ at position " + i);
      }
    }
    return node == null ? MissingNode.getInstance() : node;
  }
}
