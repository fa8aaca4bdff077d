package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.web.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of JSON/YAML nodes with errors that name the path. */
final class Values {
  private Values() {}

  static double toDouble(JsonNode node, String path) {
    BigDecimal d = decimal(node, path, "a number");
    double value = d.doubleValue();
    if (!Double.isFinite(value)) {
      throw ApiException.badRequest(path, path + " must be a finite number");
    }
    return value;
  }

  static long toLong(JsonNode node, String path) {
    BigDecimal d = integral(node, path);
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw ApiException.badRequest(path, path + " is out of range");
    }
  }

  static int toInt(JsonNode node, String path) {
    BigDecimal d = integral(node, path);
    try {
      return d.intValueExact();
    } catch (ArithmeticException e) {
      throw ApiException.badRequest(path, path + " is out of range");
    }
  }

  static boolean toBoolean(JsonNode node, String path) {
    if (!node.isBoolean()) {
      throw ApiException.badRequest(
          path, path + " must be true or false (got " + describe(node) + ")");
    }
    return node.booleanValue();
  }

  static List<Integer> toIntList(JsonNode node, String path) {
    if (!node.isArray()) {
      throw ApiException.badRequest(
          path, path + " must be a list of layer widths such as [256, 128]");
    }
    // ranges (at least one layer, widths at least 1) are the contract's checks
    List<Integer> widths = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      widths.add(toInt(node.get(i), path + "[" + i + "]"));
    }
    return List.copyOf(widths);
  }

  static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw ApiException.badRequest(path, path + " must be a string (got " + describe(node) + ")");
    }
    return node.asText();
  }

  static JsonNode object(JsonNode node, String path, String example) {
    if (!node.isObject()) {
      throw ApiException.badRequest(
          path, path + " must be an object such as " + example + " (got " + describe(node) + ")");
    }
    return node;
  }

  /** A short, user-facing name for what a node holds. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "the string \"" + node.asText() + "\"";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.toString();
  }

  private static BigDecimal integral(JsonNode node, String path) {
    BigDecimal d = decimal(node, path, "an integer");
    if (d.stripTrailingZeros().scale() > 0) {
      throw ApiException.badRequest(
          path, path + " must be an integer (got " + d.stripTrailingZeros().toPlainString() + ")");
    }
    return d;
  }

  // YAML 1.1 reads 1e-3 (no dot) as a string; accept numeric strings so that common spelling works.
  private static BigDecimal decimal(JsonNode node, String path, String what) {
    if (node != null && node.isNumber()) {
      return node.decimalValue();
    }
    if (node != null && node.isTextual() && what.equals("a number")) {
      try {
        return new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw ApiException.badRequest(
        path, path + " must be " + what + " (got " + describe(node) + ")");
  }
}
