package dev.sweep.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sweep.api.support.RawHttp;
import dev.sweep.api.support.TestTokens;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls the API as a given token (or none), answers parsed as JSON where they are JSON. */
record Caller(int port, ObjectMapper json, String token) {

  record Answer(RawHttp.Response raw, JsonNode body) {
    int status() {
      return raw.status();
    }

    String header(String name) {
      return raw.header(name);
    }
  }

  Caller as(String otherToken) {
    return new Caller(port, json, otherToken);
  }

  Caller anonymous() {
    return as(null);
  }

  Answer get(String path) {
    return send("GET", path, null, null, Map.of());
  }

  Answer postJson(String path, String body) {
    return send("POST", path, "application/json", body, Map.of());
  }

  Answer postYaml(String path, String body) {
    return send("POST", path, "application/yaml", body, Map.of());
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null, Map.of());
  }

  Answer send(
      String method, String path, String contentType, String body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    if (token != null) {
      headers.put("Authorization", TestTokens.bearer(token));
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    RawHttp.Response r = RawHttp.send(port, method, path, headers, body);
    JsonNode node = MissingNode.getInstance();
    String type = r.header("Content-Type");
    if (type != null && type.contains("json") && !r.body().isBlank()) {
      try {
        node = json.readTree(r.body());
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + r.body(), e);
      }
    }
    return new Answer(r, node);
  }
}
