package dev.courtside.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;

/**
 * An error sent to a client: a stable code, a readable message, and whether retrying the same
 * request can help.
 *
 * @param code stable identifier such as {@code unknown-channel}
 * @param message what was wrong, with the value and what was expected
 * @param retry true when the same request may succeed later
 */
public record ClientError(String code, String message, boolean retry) {

  /** Returns the WebSocket control message: {@code {"type":"error",...}}. */
  public String toControlJson() {
    ObjectNode node = Json.object();
    node.put("type", "error");
    node.put("code", code);
    node.put("message", message);
    node.put("retry", retry);
    return Json.write(node);
  }

  /** Returns the HTTP error body: {@code {"error":{...}}}. */
  public String toHttpJson() {
    ObjectNode node = Json.object();
    ObjectNode error = node.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("retry", retry);
    return Json.write(node);
  }
}
