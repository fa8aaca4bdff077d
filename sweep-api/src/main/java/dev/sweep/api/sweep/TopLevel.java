package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.ConfigValidator;
import dev.sweep.contract.SweepDefinition;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link SweepDefinition} record from the blocks {@link DefinitionValidator} read with
 * its own, more specific, messages, and binds every other top-level component straight from the
 * submitted tree: Jackson for the shape, {@link ConfigValidator} for the constraints, errors naming
 * {@code key.field}. So a new top-level key needs only its component in the contract.
 */
final class TopLevel {
  private static final ObjectMapper BINDER =
      new ObjectMapper()
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private TopLevel() {}

  static SweepDefinition build(JsonNode root, Map<String, Object> read) {
    RecordComponent[] components = SweepDefinition.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      String key = ConfigKeys.jsonName(components[i].getName());
      types[i] = components[i].getType();
      args[i] = read.containsKey(key) ? read.get(key) : bind(root.get(key), key, components[i]);
    }
    try {
      return SweepDefinition.class.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build the definition record", e);
    }
  }

  private static Object bind(JsonNode node, String key, RecordComponent component) {
    if (DefinitionValidator.absent(node)) {
      return null;
    }
    Object value;
    try {
      value = BINDER.readerFor(BINDER.constructType(component.getGenericType())).readValue(node);
    } catch (IOException e) {
      throw ApiException.badRequest(Binding.field(e, key), Binding.describe(e, key));
    }
    List<ConfigValidator.Problem> problems = ConfigValidator.shared().validateBean(value);
    if (!problems.isEmpty()) {
      ConfigValidator.Problem first = problems.get(0);
      throw ApiException.badRequest(key + "." + first.path(), first.detail(key + "."));
    }
    return value;
  }
}
