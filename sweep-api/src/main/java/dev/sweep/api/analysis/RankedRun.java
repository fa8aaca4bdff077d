package dev.sweep.api.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run in a ranking. Trials of one job at one epoch count differ only in folded values
 * (nll = cross_entropy) and share every metric, so reports and charts show the run once.
 *
 * @param foldedWith the other trials of the same run
 */
public record RankedRun(int rank, TrialResult trial, List<Long> foldedWith) {

  /**
   * The first {@code limit} distinct runs of {@code ranked} (best first), each with every trial of
   * {@code ranked} that folds into it.
   */
  public static List<RankedRun> distinct(List<TrialResult> ranked, int limit) {
    Map<String, List<Long>> folded = new LinkedHashMap<>();
    Map<String, TrialResult> first = new LinkedHashMap<>();
    for (TrialResult t : ranked) {
      String run = t.jobId() + "/" + t.epochs();
      if (first.putIfAbsent(run, t) != null) {
        folded.get(run).add(t.id());
      } else {
        folded.put(run, new ArrayList<>());
      }
    }
    List<RankedRun> runs = new ArrayList<>();
    for (Map.Entry<String, TrialResult> e : first.entrySet()) {
      if (runs.size() == limit) {
        break;
      }
      runs.add(new RankedRun(runs.size() + 1, e.getValue(), folded.get(e.getKey())));
    }
    return runs;
  }

  /**
   * The first {@code limit} distinct curves of {@code ranked} (best first), for charts: a job's
   * trials draw one curve, since a shorter trial's curve is a prefix of a longer one's (and folded
   * twins are the same curve). Each run shows the job's longest ranked trial, at the rank of its
   * best, with the job's other ranked trials as folded into it.
   */
  public static List<RankedRun> distinctCurves(List<TrialResult> ranked, int limit) {
    Map<Long, List<TrialResult>> byJob = new LinkedHashMap<>();
    for (TrialResult t : ranked) {
      byJob.computeIfAbsent(t.jobId(), k -> new ArrayList<>()).add(t);
    }
    List<RankedRun> runs = new ArrayList<>();
    for (List<TrialResult> job : byJob.values()) {
      if (runs.size() == limit) {
        break;
      }
      TrialResult longest = job.get(0);
      for (TrialResult t : job) {
        if (t.epochs() > longest.epochs()) {
          longest = t;
        }
      }
      List<Long> others = new ArrayList<>();
      for (TrialResult t : job) {
        if (t != longest) {
          others.add(t.id());
        }
      }
      runs.add(new RankedRun(runs.size() + 1, longest, others));
    }
    return runs;
  }
}
