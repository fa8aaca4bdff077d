package dev.sweep.api.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.SweepDefinition;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns the submitted text (YAML or JSON) into a tree, with parse errors located by line. */
public final class DefinitionReader {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private DefinitionReader() {}

  /** Reads and validates in one step. */
  public static SweepDefinition parse(String body, boolean yaml) {
    return DefinitionValidator.validate(read(body, yaml));
  }

  public static JsonNode read(String body, boolean yaml) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(null, "the request body is empty; send a sweep definition");
    }
    JsonNode root;
    try {
      root = (yaml ? YAML : JSON).readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(null, describe(e, yaml ? "YAML" : "JSON"));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw ApiException.badRequest(null, "the request body is empty; send a sweep definition");
    }
    if (!root.isObject()) {
      throw ApiException.badRequest(
          null,
          "a sweep definition must be a mapping of keys such as name, method and parameters (got "
              + Values.describe(root)
              + ")");
    }
    return root;
  }

  private static String describe(JsonProcessingException e, String format) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      // SnakeYAML knows where the problem is; Jackson reports where the enclosing context began.
      Mark at = yaml.getProblemMark();
      String context =
          yaml.getContext() == null || yaml.getContextMark() == null
              ? ""
              : " ("
                  + yaml.getContext()
                  + " that starts at line "
                  + (yaml.getContextMark().getLine() + 1)
                  + ", column "
                  + (yaml.getContextMark().getColumn() + 1)
                  + ")";
      return "the YAML does not parse at line "
          + (at.getLine() + 1)
          + ", column "
          + (at.getColumn() + 1)
          + ": "
          + yaml.getProblem()
          + context;
    }
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String why = e.getOriginalMessage();
    int newline = why == null ? -1 : why.indexOf('\n');
    if (newline > 0) {
      why = why.substring(0, newline);
    }
    return "the " + format + " does not parse" + where + ": " + why;
  }
}
