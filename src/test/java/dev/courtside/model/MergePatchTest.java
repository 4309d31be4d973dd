package dev.courtside.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  /** The examples of RFC 7386 appendix A: original, patch, result. */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "{\"a\":\"b\"}; {\"a\":\"c\"}; {\"a\":\"c\"}",
      "{\"a\":\"b\"}; {\"b\":\"c\"}; {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}; {\"a\":null}; {}",
      "{\"a\":\"b\",\"b\":\"c\"}; {\"a\":null}; {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}; {\"a\":\"c\"}; {\"a\":\"c\"}",
      "{\"a\":\"c\"}; {\"a\":[\"b\"]}; {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}; {\"a\":{\"b\":\"d\",\"c\":null}}; {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}; {\"a\":[1]}; {\"a\":[1]}",
      "[\"a\",\"b\"]; [\"c\",\"d\"]; [\"c\",\"d\"]",
      "{\"a\":\"b\"}; [\"c\"]; [\"c\"]",
      "{\"a\":\"foo\"}; null; null",
      "{\"a\":\"foo\"}; \"bar\"; \"bar\"",
      "{\"e\":null}; {\"a\":1}; {\"e\":null,\"a\":1}",
      "[1,2]; {\"a\":\"b\",\"c\":null}; {\"a\":\"b\"}",
      "{}; {\"a\":{\"bb\":{\"ccc\":null}}}; {\"a\":{\"bb\":{}}}"
  })
  void applyFollowsRfc7386Examples(String original, String patch, String expected)
      throws Exception {
    JsonNode result = MergePatch.apply(Json.parse(original), Json.parse(patch));

    assertThat(result).isEqualTo(Json.parse(expected));
  }

  @Test
  void diffThenApplyGivesTarget() throws Exception {
    ObjectNode source = (ObjectNode) Json.parse(
        "{\"id\":\"1\",\"home\":{\"score\":10,\"periods\":[10]},\"clock\":30.5,\"old\":true}");
    ObjectNode target = (ObjectNode) Json.parse(
        "{\"id\":\"1\",\"home\":{\"score\":12,\"periods\":[10,2]},\"status\":\"live\"}");

    ObjectNode patch = MergePatch.diff(source, target);

    assertThat(patch).isEqualTo(Json.parse(
        "{\"home\":{\"score\":12,\"periods\":[10,2]},\"clock\":null,\"old\":null,"
            + "\"status\":\"live\"}"));
    assertThat(MergePatch.apply(source, patch)).isEqualTo(target);
  }

  @Test
  void diffOfEqualStatesIsEmpty() throws Exception {
    ObjectNode state = (ObjectNode) Json.parse("{\"a\":{\"b\":[1,2]},\"c\":\"d\"}");

    assertThat(MergePatch.diff(state, state.deepCopy()).isEmpty()).isTrue();
  }

  @Test
  void applyInPlaceMatchesApply() throws Exception {
    ObjectNode target = (ObjectNode) Json.parse("{\"a\":{\"b\":\"c\",\"x\":1},\"l\":[1]}");
    ObjectNode patch = (ObjectNode) Json.parse("{\"a\":{\"b\":null,\"y\":{\"z\":2}},\"l\":[2]}");
    JsonNode expected = MergePatch.apply(target, patch);

    MergePatch.applyInPlace(target, patch);

    assertThat(target).isEqualTo(expected);
  }
}
