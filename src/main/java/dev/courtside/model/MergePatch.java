package dev.courtside.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7386): computing the patch between two states and applying one.
 *
 * <p>RFC 7386 cannot set a member to JSON null, because null in a patch means "remove the
 * member". Channel states therefore leave absent members out instead of holding nulls.
 */
public final class MergePatch {

  private MergePatch() {}

  /**
   * Computes the patch that turns {@code source} into {@code target}. Objects are compared
   * member by member; arrays and scalars that differ are replaced whole, as RFC 7386 requires.
   *
   * @return the patch, an empty object when the two are equal
   */
  public static ObjectNode diff(ObjectNode source, ObjectNode target) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> removed = source.fields();
    while (removed.hasNext()) {
      String name = removed.next().getKey();
      if (!target.has(name)) {
        patch.putNull(name);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = target.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode before = source.get(field.getKey());
      JsonNode after = field.getValue();
      if (before == null || !before.equals(after)) {
        if (before != null && before.isObject() && after.isObject()) {
          patch.set(field.getKey(), diff((ObjectNode) before, (ObjectNode) after));
        } else {
          patch.set(field.getKey(), after.deepCopy());
        }
      }
    }
    return patch;
  }

  /**
   * Applies {@code patch} to {@code target} as RFC 7386 section 2 describes: a null member
   * removes, an object member merges recursively, anything else replaces.
   *
   * @return the patched document; {@code target} is not modified
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /**
   * Applies an object {@code patch} to the object {@code target} in place, with the same rules
   * as {@link #apply}. Used on channel states that are too large to copy for every delta.
   */
  public static void applyInPlace(ObjectNode target, ObjectNode patch) {
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(field.getKey());
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && existing != null && existing.isObject()) {
        applyInPlace((ObjectNode) existing, (ObjectNode) value);
      } else {
        target.set(field.getKey(), apply(null, value));
      }
    }
  }
}
