package dev.sweep.api.grid;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    } else if (value instanceof String s) {
      out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
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

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            sorted.put(String.valueOf(k), v);
          }
        });
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      append(out, e.getKey());
      out.append(':');
      append(out, plain(e.getValue()));
    }
    out.append('}');
  }
}
