package dev.sweep.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/k8s rendered with {@code kubectl kustomize}, base and every overlay, each object parsed
 * into a typed model (see {@link RenderedManifests}); then what a typo in one name would break:
 * references between the objects, selectors, probes and the tokens the API and workers need.
 */
class KubernetesManifestsTest {
  static Stream<Path> kustomizations() throws Exception {
    List<Path> dirs = RenderedManifests.kustomizations();
    assertThat(dirs.stream().map(d -> RenderedManifests.K8S.relativize(d).toString()))
        .contains("base", "overlays/gpu", "overlays/keda");
    return dirs.stream();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void rendersIntoConsistentTypedObjects(Path dir) throws Exception {
    RenderedManifests m = RenderedManifests.render(dir);
    Deployment api = m.one(Deployment.class, "sweep-api");
    Deployment worker = m.one(Deployment.class, "sweep-worker");
    for (Deployment d : m.all(Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .as(d.getMetadata().getName() + ": its selector matches its pods")
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
          .as("the images' user")
          .isEqualTo(10001L);
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        assertReferencesResolve(m, d, c);
      }
    }
    Service service = m.one(Service.class, "sweep-api");
    assertThat(api.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class, "sweep-worker");
    assertThat(worker.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

    Container apiContainer = api.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertProbe(apiContainer, apiContainer.getLivenessProbe(), "/actuator/health/liveness");
    assertProbe(apiContainer, apiContainer.getReadinessProbe(), "/actuator/health/readiness");
    assertThat(envNames(m, apiContainer))
        .contains("SWEEP_DB_URL", "SWEEP_DB_PASSWORD", "SWEEP_USER_TOKEN", "SWEEP_WORKER_TOKEN");
    assertThat(apiContainer.getVolumeMounts())
        .anySatisfy(v -> assertThat(v.getMountPath()).isEqualTo("/var/lib/sweep/checkpoints"));
    Container workerContainer = worker.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(envNames(m, workerContainer)).contains("SWEEP_API_URL", "SWEEP_API_TOKEN");
    assertThat(m.one(ConfigMap.class, "sweep-config").getData().get("SWEEP_API_URL"))
        .isEqualTo("http://" + service.getMetadata().getName() + ":8080");

    for (ScaledObject scaler : m.all(ScaledObject.class)) {
      m.one(Deployment.class, scaler.spec().scaleTargetRef().name());
      assertThat(scaler.spec().triggers())
          .singleElement()
          .satisfies(t -> assertThat(t.type()).isEqualTo("prometheus"))
          .satisfies(
              t -> assertThat(t.metadata().get("query")).contains("sweep_jobs{status=\"QUEUED\"}"))
          .satisfies(
              t -> assertThat(Double.parseDouble(t.metadata().get("threshold"))).isPositive());
    }
  }

  @Test
  void gpuOverlayAsksForAGpuAndTheCudaImage() throws Exception {
    RenderedManifests m = RenderedManifests.render(RenderedManifests.K8S.resolve("overlays/gpu"));
    var pod = m.one(Deployment.class, "sweep-worker").getSpec().getTemplate().getSpec();
    Container worker = pod.getContainers().get(0);
    assertThat(worker.getImage()).contains("cuda");
    assertThat(worker.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector()).containsKey("nvidia.com/gpu.present");
    // the API is untouched by the overlay
    assertThat(
            m.one(Deployment.class, "sweep-api").getSpec().getTemplate().getSpec().getContainers())
        .allSatisfy(
            c -> assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu"));
  }

  @Test
  void aMisspeltFieldFailsTheParse() {
    // what the walk is for: fabric8 would otherwise keep "httpget" in additionalProperties
    var probe = new Probe();
    probe.setAdditionalProperty("httpget", Map.of("path", "/actuator/health/liveness"));
    var container = new Container();
    container.setReadinessProbe(probe);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TypedModelCheck.assertNoUnknownFields(container, "c"))
        .hasMessageContaining("httpget");
  }

  private static void assertProbe(Container c, Probe probe, String path) {
    assertThat(probe).as(c.getName() + " probe " + path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    String port = probe.getHttpGet().getPort().getStrVal();
    assertThat(c.getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo(port));
  }

  /** Every ConfigMap, Secret (and key), and volume claim a container names is rendered too. */
  private static void assertReferencesResolve(RenderedManifests m, Deployment d, Container c) {
    for (EnvFromSource from : c.getEnvFrom()) {
      m.one(ConfigMap.class, from.getConfigMapRef().getName());
    }
    for (EnvVar env : c.getEnv()) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        var ref = env.getValueFrom().getSecretKeyRef();
        Secret secret = m.one(Secret.class, ref.getName());
        assertThat(secretKeys(secret)).as(env.getName()).contains(ref.getKey());
      }
    }
    Set<String> volumes = new HashSet<>();
    for (Volume v : d.getSpec().getTemplate().getSpec().getVolumes()) {
      volumes.add(v.getName());
      if (v.getPersistentVolumeClaim() != null) {
        m.one(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName());
      }
    }
    assertThat(volumes).containsAll(c.getVolumeMounts().stream().map(vm -> vm.getName()).toList());
  }

  private static Set<String> secretKeys(Secret s) {
    Set<String> keys = new HashSet<>();
    if (s.getStringData() != null) {
      keys.addAll(s.getStringData().keySet());
    }
    if (s.getData() != null) {
      keys.addAll(s.getData().keySet());
    }
    return keys;
  }

  private static Set<String> envNames(RenderedManifests m, Container c) {
    Set<String> names = new HashSet<>();
    c.getEnv().forEach(e -> names.add(e.getName()));
    for (EnvFromSource from : c.getEnvFrom()) {
      names.addAll(m.one(ConfigMap.class, from.getConfigMapRef().getName()).getData().keySet());
    }
    return names;
  }
}
