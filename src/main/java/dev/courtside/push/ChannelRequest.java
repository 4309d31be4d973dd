package dev.courtside.push;

import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels and positions of an HTTP transport request ({@code /events}, {@code /poll}):
 * {@code channel} repeated once per channel, and positions as {@code channel|epoch|seq} text.
 *
 * @param positions requested channels in request order, each with the position to resume from
 *     or null for a snapshot
 */
record ChannelRequest(Map<String, Position> positions) {

  /**
   * Reads a request.
   *
   * @param positionText positions to resume from, or null
   * @throws ClientErrorException when a channel or position is invalid or there are too many
   */
  static ChannelRequest read(HttpServerRequest request, String positionText, FanOut fanOut,
      Limits limits) {
    List<String> names = request.params().getAll("channel");
    if (names.isEmpty()) {
      throw new ClientErrorException(400, new ClientError("missing-channel",
          "Missing query parameter 'channel': expected one or more channel names", false));
    }
    if (names.size() > limits.maxChannels()) {
      throw new ClientErrorException(400, new ClientError("too-many-channels", names.size()
          + " channels requested: expected at most " + limits.maxChannels(), false));
    }
    Map<String, Position> positions = new LinkedHashMap<>();
    for (String name : names) {
      fanOut.check(name).ifPresent(error -> {
        throw new ClientErrorException(error.code().equals("unknown-channel") ? 404 : 400, error);
      });
      positions.put(name, null);
    }
    List<Position> given;
    try {
      given = Position.parse(positionText);
    } catch (IllegalArgumentException e) {
      throw new ClientErrorException(400,
          new ClientError("invalid-position", e.getMessage(), false));
    }
    for (Position position : given) {
      if (positions.containsKey(position.channel())) {
        positions.put(position.channel(), position);
      }
    }
    return new ChannelRequest(positions);
  }
}
