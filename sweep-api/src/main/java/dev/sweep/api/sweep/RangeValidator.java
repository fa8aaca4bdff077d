package dev.sweep.api.sweep;

import static dev.sweep.api.sweep.DefinitionValidator.absent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.ConfigKeys;
import dev.sweep.contract.SweepDefinition;

/** Checks a {@code {min, max, distribution}} parameter, which only random search samples. */
final class RangeValidator {
  private RangeValidator() {}

  static SweepDefinition.Parameter range(
      ConfigKeys.Key spec, JsonNode node, String path, String method) {
    if (!method.equals("random")) {
      throw ApiException.badRequest(
          path, path + " has min/max, which needs method: random; a grid takes values or value");
    }
    if (!spec.kind().numeric() || spec.name().equals("patch_size")) {
      throw ApiException.badRequest(
          path, path + " cannot be sampled from min/max; give values to choose from");
    }
    if (absent(node.get("min")) || absent(node.get("max"))) {
      throw ApiException.badRequest(path, path + " needs both min and max");
    }
    Number min = (Number) KeyValues.read(spec, node.get("min"), path + ".min");
    Number max = (Number) KeyValues.read(spec, node.get("max"), path + ".max");
    if (min.doubleValue() > max.doubleValue()) {
      throw ApiException.badRequest(path + ".max", path + ".max must not be less than min");
    }
    String distribution = "uniform";
    if (!absent(node.get("distribution"))) {
      String given = Values.text(node.get("distribution"), path + ".distribution");
      distribution =
          switch (given) {
            case "uniform", "int_uniform" -> "uniform";
            // W&B's log_uniform takes exponents; log_uniform_values takes the values, as we do.
            case "log_uniform", "log_uniform_values" -> "log_uniform";
            default ->
                throw ApiException.badRequest(
                    path + ".distribution",
                    "unknown distribution '"
                        + given
                        + "' at "
                        + path
                        + ".distribution; use uniform or log_uniform");
          };
    }
    if (distribution.equals("log_uniform") && min.doubleValue() <= 0) {
      throw ApiException.badRequest(
          path + ".min",
          path + ".min must be greater than 0 for log_uniform (min and max are values)");
    }
    return new SweepDefinition.Parameter(null, null, min, max, distribution);
  }
}
