package dev.sweep.api.grid;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One spelling per value, so equal configurations hash equally: object keys sorted, no whitespace,
 * null members dropped, numbers in their shortest exact decimal form (0.010 and 0.01 are both
 * {@code 0.01}; 5 and 5.0 are both {@code 5}).
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CanonicalJson() {}

  /** Canonical text of maps, lists, strings, numbers, booleans, or any record Jackson can map. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, plain(value));
    return out.toString();
  }

  public static String sha256(Object value) {
    return hex(write(value));
  }

  /** The canonical decimal form of a number. */
  public static String number(Number n) {
    // fast paths first: this runs for every number of every trial
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return Long.toString(n.longValue());
    }
    if (n instanceof Double x && x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString(x.longValue());
    }
    BigDecimal d;
    if (n instanceof BigDecimal b) {
      d = b;
    } else if (n instanceof BigInteger i) {
      d = new BigDecimal(i);
    } else if (n instanceof Double || n instanceof Float) {
      double x = n.doubleValue();
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("not a finite number: " + x);
      }
      d = n instanceof Float ? new BigDecimal(n.toString()) : BigDecimal.valueOf(x);
    } else {
      d = BigDecimal.valueOf(n.longValue());
    }
    d = d.stripTrailingZeros();
    return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
  }

  static String hex(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Object plain(Object value) {
    if (value == null
        || value instanceof Raw
        || value instanceof Map<?, ?>
        || value instanceof List<?>
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return MAPPER.convertValue(value, Object.class);
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Raw raw) {
      out.append(raw.json());
    } else if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Number n) {
      out.append(number(n));
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Map<?, ?> map) {
      appendObject(out, map);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, plain(list.get(i)));
      }
      out.append(']');
    } else {
      append(out, plain(value));
    }
  }

  private static void appendString(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
        return;
      }
    }
    out.append('"').append(s).append('"');
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    String[] keys = new String[map.size()];
    Object[] values = new Object[map.size()];
    int n = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getValue() != null) {
        keys[n] = String.valueOf(e.getKey());
        values[n++] = e.getValue();
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
    out.append('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(out, keys[order[i]]);
      out.append(':');
      append(out, plain(values[order[i]]));
    }
    out.append('}');
  }

  /**
   * Text that is already canonical JSON, written as is: lets a caller canonicalise a part shared by
   * many values (a sweep's dataset block) once instead of per trial.
   */
  public record Raw(String json) {
    public static Raw of(Object value) {
      return new Raw(write(value));
    }
  }
}
