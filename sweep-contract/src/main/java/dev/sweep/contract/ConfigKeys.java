package dev.sweep.contract;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys a definition may set under {@code parameters} (and, for model fields, under {@code
 * model}), read from the components of {@link TrainingConfig} and {@link ModelSpec}: their order is
 * the canonical order, their types say how values are read, their constraints are the checks, and
 * {@link TrainingConfig#DEFAULTS} / {@link ModelSpec#defaults} hold the defaults.
 *
 * <p><b>Adding a key</b>: add a component to {@link TrainingConfig} (training parameter) or {@link
 * ModelSpec} (model field, with {@link ForModel}), named in snake_case with {@code @JsonProperty},
 * with its Bean Validation constraints (messages read as "path message", such as "must be at least
 * 1"), and its default in {@code DEFAULTS} / {@code defaults}. A key whose default is null leaves
 * existing trials' identities and training keys unchanged. Then use it where it trains. Nothing
 * else lists keys.
 */
public final class ConfigKeys {
  /** How a value is read from JSON. */
  public enum Kind {
    FLOAT,
    INT,
    LONG,
    BOOL,
    CHOICE,
    INT_LIST,
    /** anything else (a nested record): bound with Jackson, checked with Bean Validation */
    OBJECT;

    public boolean numeric() {
      return this == FLOAT || this == INT || this == LONG;
    }
  }

  /**
   * One key.
   *
   * @param component the Java component name in {@code owner}
   * @param modelTypes for a model field, the model types it belongs to; empty for training keys
   * @param choices for CHOICE keys, the allowed names
   * @param aliases for CHOICE keys, other spellings (lower case) and the name they mean
   */
  public record Key(
      String name,
      Kind kind,
      Class<?> owner,
      String component,
      Class<?> type,
      List<String> modelTypes,
      List<String> choices,
      Map<String, String> aliases) {

    public boolean isModelField() {
      return owner == ModelSpec.class;
    }

    public boolean belongsTo(String modelType) {
      return !isModelField() || modelTypes.contains(modelType);
    }

    /** The default, or null when the key has none (is off unless set). */
    public Object defaultValue(String modelType) {
      Object source = isModelField() ? ModelSpec.defaults(modelType) : TrainingConfig.DEFAULTS;
      try {
        return owner.getMethod(component).invoke(source);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
      if (!c.getName().equals("dataset") && !c.getName().equals("model")) {
        add(TrainingConfig.class, c);
      }
    }
    for (RecordComponent c : ModelSpec.class.getRecordComponents()) {
      if (!c.getName().equals("type")) {
        add(ModelSpec.class, c);
      }
    }
  }

  private ConfigKeys() {}

  public static Key get(String name) {
    return KEYS.get(name);
  }

  /** All keys in canonical order: training parameters, then model fields. */
  public static List<Key> all() {
    return new ArrayList<>(KEYS.values());
  }

  public static List<Key> modelFields(String modelType) {
    return KEYS.values().stream().filter(k -> k.isModelField() && k.belongsTo(modelType)).toList();
  }

  public static List<Key> trainingKeys() {
    return KEYS.values().stream().filter(k -> !k.isModelField()).toList();
  }

  /** The JSON name of a component: its snake_case spelling, as every contract record uses. */
  public static String jsonName(String component) {
    StringBuilder out = new StringBuilder(component.length() + 4);
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        out.append('_').append(Character.toLowerCase(ch));
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static void add(Class<?> owner, RecordComponent c) {
    String name = jsonName(c.getName());
    OneOf oneOf = c.getAnnotation(OneOf.class);
    ForModel forModel = c.getAnnotation(ForModel.class);
    Map<String, String> aliases = new LinkedHashMap<>();
    if (oneOf != null) {
      for (String alias : oneOf.aliases()) {
        String[] pair = alias.split("=", 2);
        aliases.put(pair[0].toLowerCase(Locale.ROOT), pair[1]);
      }
    }
    KEYS.put(
        name,
        new Key(
            name,
            kind(c.getType(), c.getGenericType(), oneOf != null),
            owner,
            c.getName(),
            c.getType(),
            forModel == null ? List.of() : List.of(forModel.value()),
            oneOf == null ? List.of() : List.of(oneOf.value()),
            Map.copyOf(aliases)));
  }

  private static Kind kind(Class<?> type, Type generic, boolean choice) {
    if (type == double.class || type == Double.class) {
      return Kind.FLOAT;
    }
    if (type == int.class || type == Integer.class) {
      return Kind.INT;
    }
    if (type == long.class || type == Long.class) {
      return Kind.LONG;
    }
    if (type == boolean.class || type == Boolean.class) {
      return Kind.BOOL;
    }
    if (type == String.class && choice) {
      return Kind.CHOICE;
    }
    if (type == List.class
        && generic instanceof ParameterizedType p
        && Arrays.equals(p.getActualTypeArguments(), new Type[] {Integer.class})) {
      return Kind.INT_LIST;
    }
    return Kind.OBJECT;
  }
}
