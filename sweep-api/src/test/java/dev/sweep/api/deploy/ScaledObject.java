package dev.sweep.api.deploy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * KEDA's ScaledObject (keda.sh/v1alpha1), the fields sweep uses: fabric8 has no model for it, and a
 * record with unknown properties refused catches a misspelt field just the same.
 */
record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
  record Spec(
      Target scaleTargetRef,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Integer cooldownPeriod,
      Integer pollingInterval,
      List<Trigger> triggers) {}

  record Target(String name, String kind, String apiVersion) {}

  record Trigger(String type, String name, Map<String, String> metadata) {}
}
