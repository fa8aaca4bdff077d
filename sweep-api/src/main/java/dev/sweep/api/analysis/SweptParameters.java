package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a sweep varies, with their values in the definition's order. A parameter is swept
 * when the definition lists more than one distinct value for it; values met in trials but missing
 * from the definition (for example older rows) are appended so no finished trial is dropped.
 */
final class SweptParameters {
  private SweptParameters() {}

  static Map<String, List<ParamValue>> of(JsonNode definition, List<TrialResult> trials) {
    Map<String, List<ParamValue>> swept = new LinkedHashMap<>();
    JsonNode parameters = definition == null ? null : definition.get("parameters");
    if (parameters != null && parameters.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode values = entry.getValue().get("values");
        if (values != null && values.isArray()) {
          List<ParamValue> distinct = new ArrayList<>();
          values.forEach(v -> add(distinct, ParamValue.of(v)));
          if (distinct.size() > 1) {
            swept.put(entry.getKey(), distinct);
          }
        }
      }
    } else {
      inferFromTrials(trials, swept);
    }
    for (TrialResult trial : trials) {
      swept.forEach(
          (name, values) -> {
            JsonNode v = trial.params().get(name);
            if (v != null && !v.isNull()) {
              add(values, ParamValue.of(v));
            }
          });
    }
    return swept;
  }

  /** Without a parameters block, a parameter is swept when the trials hold several values of it. */
  private static void inferFromTrials(List<TrialResult> trials, Map<String, List<ParamValue>> out) {
    Map<String, List<ParamValue>> seen = new LinkedHashMap<>();
    for (TrialResult trial : trials) {
      trial
          .params()
          .fields()
          .forEachRemaining(
              e ->
                  add(
                      seen.computeIfAbsent(e.getKey(), k -> new ArrayList<>()),
                      ParamValue.of(e.getValue())));
    }
    seen.forEach(
        (name, values) -> {
          if (values.size() > 1) {
            out.put(name, values);
          }
        });
  }

  private static void add(List<ParamValue> values, ParamValue value) {
    if (values.stream().noneMatch(v -> v.key().equals(value.key()))) {
      values.add(value);
    }
  }
}
