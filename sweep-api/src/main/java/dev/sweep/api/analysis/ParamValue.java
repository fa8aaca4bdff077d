package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * One value of a parameter. The key compares numbers by value, so the definition's {@code 1e-3} and
 * a trial's {@code 0.001} are the same value.
 */
record ParamValue(String key, JsonNode value) {

  static ParamValue of(JsonNode value) {
    return new ParamValue(keyOf(value), value);
  }

  static String keyOf(JsonNode value) {
    if (value.isNumber()) {
      BigDecimal d = value.decimalValue();
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    return value.toString();
  }

  /** How people read it: numbers without exponent noise, strings bare, lists as JSON. */
  String label() {
    return key;
  }
}
