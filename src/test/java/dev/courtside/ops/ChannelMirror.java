package dev.courtside.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client knows of its channels after applying envelopes as the protocol says: the
 * state, epoch and seq of each, plus every violation of the ordering rules it saw.
 */
public final class ChannelMirror {

  private final Map<String, JsonNode> states = new ConcurrentHashMap<>();
  private final Map<String, String> epochs = new ConcurrentHashMap<>();
  private final Map<String, Long> seqs = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<JsonNode> envelopes = new ArrayList<>();
  private final List<JsonNode> controls = new ArrayList<>();

  /** Applies one envelope or records one control message. */
  public synchronized void accept(JsonNode message) {
    String type = message.path("type").asText();
    if (!message.has("channel")) {
      controls.add(message);
      return;
    }
    envelopes.add(message);
    String channel = message.get("channel").asText();
    long seq = message.get("seq").asLong();
    String epoch = message.get("epoch").asText();
    if (type.equals("snapshot")) {
      Long previous = seqs.get(channel);
      if (previous != null && epoch.equals(epochs.get(channel)) && seq < previous) {
        violations.add(channel + " snapshot seq " + seq + " after " + previous);
      }
      states.put(channel, message.get("data"));
    } else {
      Long previous = seqs.get(channel);
      if (previous == null) {
        violations.add(channel + " delta " + seq + " before any snapshot");
        return;
      }
      if (!epoch.equals(epochs.get(channel)) || seq != previous + 1) {
        violations.add(channel + " delta seq " + seq + " after " + previous);
      }
      states.put(channel, MergePatch.apply(states.get(channel), message.get("data")));
    }
    seqs.put(channel, seq);
    epochs.put(channel, epoch);
  }

  /** Parses and applies one text frame or event. */
  public void accept(String text) {
    try {
      accept(Json.parse(text));
    } catch (Exception e) {
      synchronized (this) {
        violations.add("unparseable message: " + text);
      }
    }
  }

  public synchronized JsonNode state(String channel) {
    return states.get(channel);
  }

  public synchronized Long seq(String channel) {
    return seqs.get(channel);
  }

  public synchronized String epoch(String channel) {
    return epochs.get(channel);
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized List<JsonNode> envelopes() {
    return List.copyOf(envelopes);
  }

  public synchronized List<JsonNode> controls() {
    return List.copyOf(controls);
  }

  /** Returns the envelopes of one channel. */
  public synchronized List<JsonNode> envelopes(String channel) {
    return envelopes.stream().filter(e -> e.get("channel").asText().equals(channel)).toList();
  }
}
