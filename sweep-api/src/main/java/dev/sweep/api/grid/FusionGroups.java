package dev.sweep.api.grid;

import dev.sweep.contract.FusionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forms a plan's fusion groups: jobs with equal {@link FusionKey}, at most {@code maxTrials} per
 * group. Within a key the longest jobs go together (a group trains as long as its longest job, so
 * mixing 1-epoch and 20-epoch jobs would leave the short ones' share of the computation unused),
 * and a key's jobs are split into groups of near-equal size (7 jobs under a cap of 4 give 4 + 3, so
 * the two slots that train them finish together).
 */
final class FusionGroups {
  private FusionGroups() {}

  record Grouped(List<Plan.Job> jobs, List<Plan.Group> groups) {}

  /**
   * @param maxTrials 1 puts every job in a group of its own
   * @return the jobs in their original order, each with its group index
   */
  static Grouped form(List<Plan.Job> jobs, int maxTrials) {
    if (maxTrials < 1) {
      throw new IllegalArgumentException("maxTrials must be at least 1, was " + maxTrials);
    }
    Map<FusionKey, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      byKey.computeIfAbsent(FusionKey.of(jobs.get(i).config()), k -> new ArrayList<>()).add(i);
    }
    Plan.Job[] out = new Plan.Job[jobs.size()];
    List<Plan.Group> groups = new ArrayList<>();
    for (List<Integer> members : byKey.values()) {
      members.sort(
          Comparator.comparingInt((Integer i) -> -jobs.get(i).plannedEpochs())
              .thenComparingInt(i -> i));
      int count = (members.size() + maxTrials - 1) / maxTrials;
      int from = 0;
      for (int g = 0; g < count; g++) {
        // near-equal sizes: the first (size % count) groups take one more
        int size = members.size() / count + (g < members.size() % count ? 1 : 0);
        int index = groups.size();
        int trials = 0;
        int epochs = 0;
        for (int i : members.subList(from, from + size)) {
          out[i] = jobs.get(i).inGroup(index);
          trials += out[i].trials().size();
          epochs = Math.max(epochs, out[i].plannedEpochs());
        }
        groups.add(
            new Plan.Group(
                index, size, trials, epochs, jobs.get(members.get(from)).config().model().type()));
        from += size;
      }
    }
    return new Grouped(List.of(out), List.copyOf(groups));
  }
}
