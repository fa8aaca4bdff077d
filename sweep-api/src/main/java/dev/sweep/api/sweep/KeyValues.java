package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.ConfigValidator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads one value of a configuration key: typed by the key's Java type in the contract, then
 * checked by {@link ConfigValidator} against the key's constraints. Errors name {@code path}.
 */
final class KeyValues {
  private static final ObjectMapper BINDER = new ObjectMapper();

  private KeyValues() {}

  static Object read(ConfigKeys.Key key, JsonNode node, String path) {
    Object value =
        switch (key.kind()) {
          case FLOAT -> Values.toDouble(node, path);
          case INT -> Values.toInt(node, path);
          case LONG -> Values.toLong(node, path);
          case BOOL -> Values.toBoolean(node, path);
          case INT_LIST -> Values.toIntList(node, path);
          case CHOICE -> choice(key, node, path);
          case OBJECT -> bind(key, node, path);
        };
    List<ConfigValidator.Problem> problems = ConfigValidator.shared().validateValue(key, value);
    if (!problems.isEmpty()) {
      ConfigValidator.Problem first = problems.get(0);
      throw ApiException.badRequest(path + first.path(), first.detail(path));
    }
    return value;
  }

  private static String choice(ConfigKeys.Key key, JsonNode node, String path) {
    if (!node.isTextual()) {
      throw ApiException.badRequest(
          path, path + " must be a string, one of " + String.join(", ", key.choices()));
    }
    String given = node.asText();
    String lower = given.toLowerCase(Locale.ROOT);
    String value = key.aliases().getOrDefault(lower, lower);
    if (!key.choices().contains(value)) {
      throw ApiException.badRequest(
          path,
          "unknown "
              + key.name()
              + " '"
              + given
              + "' at "
              + path
              + "; use one of "
              + String.join(", ", key.choices()));
    }
    return value;
  }

  /** A nested record: Jackson binds it, Bean Validation (above) checks it. */
  private static Object bind(ConfigKeys.Key key, JsonNode node, String path) {
    try {
      return BINDER.treeToValue(node, key.type());
    } catch (IOException e) {
      throw ApiException.badRequest(Binding.field(e, path), Binding.describe(e, path));
    }
  }
}
