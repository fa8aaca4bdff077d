package dev.sweep.api.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One kustomization rendered by {@code kubectl kustomize} and parsed into typed objects: fabric8's
 * Kubernetes model for the built-in kinds, {@link ScaledObject} for KEDA's. A kind without a type
 * here fails, so nothing is let through unread.
 */
record RenderedManifests(Path dir, List<Object> objects) {
  static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final Map<String, Class<?>> TYPES =
      Map.of(
          "apps/v1/Deployment", Deployment.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "keda.sh/v1alpha1/ScaledObject", ScaledObject.class);

  /** The base and every overlay: each directory under deploy/k8s with a kustomization.yaml. */
  static List<Path> kustomizations() throws IOException {
    try (var files = Files.walk(K8S)) {
      return files
          .filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
          .map(Path::getParent)
          .sorted()
          .toList();
    }
  }

  static RenderedManifests render(Path dir) throws IOException, InterruptedException {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).start();
    } catch (IOException e) {
      throw new AssertionError(
          "kubectl is needed to render deploy/k8s and is not installed. Install it with"
              + " `apt-get install kubectl` (Kubernetes' apt repository, pkgs.k8s.io) or `apt-get"
              + " install kubernetes-client` (Debian 13 and later); ./sweep test installs it"
              + " when it may.",
          e);
    }
    kubectl.getOutputStream().close();
    byte[] out = kubectl.getInputStream().readAllBytes();
    String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
      throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + err);
    }
    List<Object> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isEmpty()) {
          continue;
        }
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> type = TYPES.get(key);
        if (type == null) {
          throw new AssertionError(dir + " renders " + key + ", which this test has no type for");
        }
        Object object = YAML.treeToValue(doc, type);
        TypedModelCheck.assertNoUnknownFields(object, dir.getFileName() + ":" + key);
        objects.add(object);
      }
    }
    return new RenderedManifests(dir, List.copyOf(objects));
  }

  private static String kubectl() {
    String path = System.getenv("PATH");
    for (String entry : (path == null ? "" : path).split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "kubectl"))) {
        return Path.of(entry, "kubectl").toString();
      }
    }
    return "kubectl"; // not found: start() fails with the install hint above
  }

  <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> name.equals(nameOf(o)))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(dir + " has no " + type.getSimpleName() + " " + name));
  }

  static String nameOf(Object o) {
    if (o instanceof io.fabric8.kubernetes.api.model.HasMetadata m) {
      return m.getMetadata().getName();
    }
    return ((ScaledObject) o).metadata().getName();
  }
}
