package dev.courtside.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The one Jackson mapper every stage shares, with the limits Courtside reads input under. */
public final class Json {

  /** Shared mapper; thread-safe once configured. */
  public static final ObjectMapper MAPPER = createMapper();

  private Json() {}

  private static ObjectMapper createMapper() {
    JsonMapper mapper = JsonMapper.builder().build();
    // Provider payloads reach about 750 KB; the nesting limit stops hostile input early.
    mapper.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(200).build());
    return mapper;
  }

  /** Returns a new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Writes a tree as compact JSON text. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Failed to write JSON tree", e);
    }
  }

  /**
   * Parses JSON text into a tree.
   *
   * @throws JsonProcessingException when the text is not valid JSON
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }
}
