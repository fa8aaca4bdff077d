package dev.sweep.api.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds parameter values the planner folded together because they train identically (nll and
 * cross_entropy over softmax). The evidence is the job table itself: two trials of the same job
 * with the same epoch count are the same training run, so any parameter on which they differ has
 * equivalent values. Trials of one job with different epoch counts are prefixes, not equivalents,
 * which is why the grouping includes the epochs.
 */
final class Equivalences {
  /** parameter → value key → the key of its class's first value. */
  private final Map<String, Map<String, String>> representative;

  private Equivalences(Map<String, Map<String, String>> representative) {
    this.representative = representative;
  }

  static Equivalences find(List<TrialResult> trials, Set<String> parameters) {
    Map<String, List<TrialResult>> runs = new LinkedHashMap<>();
    for (TrialResult t : trials) {
      runs.computeIfAbsent(t.jobId() + "/" + t.epochs(), k -> new ArrayList<>()).add(t);
    }
    Map<String, Map<String, String>> parent = new HashMap<>();
    for (List<TrialResult> run : runs.values()) {
      if (run.size() < 2) {
        continue;
      }
      for (String name : parameters) {
        String first = null;
        for (TrialResult t : run) {
          JsonNode v = t.params().get(name);
          if (v == null) {
            continue;
          }
          String key = ParamValue.keyOf(v);
          Map<String, String> p = parent.computeIfAbsent(name, k -> new HashMap<>());
          if (first == null) {
            first = key;
          } else {
            union(p, first, key);
          }
        }
      }
    }
    return new Equivalences(parent);
  }

  /** The class a value belongs to; a value folded with nothing is its own class. */
  String classOf(String parameter, String key) {
    Map<String, String> p = representative.get(parameter);
    return p == null ? key : root(p, key);
  }

  private static void union(Map<String, String> p, String a, String b) {
    String ra = root(p, a);
    String rb = root(p, b);
    if (!ra.equals(rb)) {
      p.put(rb, ra);
    }
  }

  private static String root(Map<String, String> p, String key) {
    String k = key;
    while (p.containsKey(k) && !p.get(k).equals(k)) {
      k = p.get(k);
    }
    return k;
  }
}
