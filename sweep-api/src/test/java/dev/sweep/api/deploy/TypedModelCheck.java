package dev.sweep.api.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * fabric8's model classes keep properties they do not know in {@code additionalProperties} instead
 * of refusing them, so a misspelt field ({@code readinessProbe.httpget}) would parse silently. This
 * walks the parsed object and fails on any such leftover, and on a resource quantity that is not a
 * number with a unit.
 */
final class TypedModelCheck {
  private TypedModelCheck() {}

  static void assertNoUnknownFields(Object object, String path) {
    walk(object, path, 0);
  }

  private static void walk(Object o, String path, int depth) {
    if (o == null || depth > 40) {
      return;
    }
    if (o instanceof Quantity q) {
      try {
        Quantity.getAmountInBytes(q);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new AssertionError(path + ": '" + q + "' is not a quantity", e);
      }
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        walk(item, path + "[" + i++ + "]", depth + 1);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, depth + 1));
      return;
    }
    if (o instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        walk(invoke(c.getAccessor(), r), path + "." + c.getName(), depth + 1);
      }
      return;
    }
    if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return; // strings, numbers, enums
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = getter.getName();
      if (name.equals("getAdditionalProperties")) {
        Map<?, ?> extra = (Map<?, ?>) invoke(getter, o);
        if (extra != null && !extra.isEmpty()) {
          throw new AssertionError(
              path
                  + ": unknown field(s) "
                  + extra.keySet()
                  + " in "
                  + o.getClass().getSimpleName());
        }
      } else if (name.startsWith("get") && !name.equals("getClass")) {
        walk(invoke(getter, o), path + "." + name.substring(3), depth + 1);
      }
    }
  }

  private static Object invoke(Method m, Object target) {
    try {
      return m.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(m + " on " + target.getClass(), e);
    }
  }
}
