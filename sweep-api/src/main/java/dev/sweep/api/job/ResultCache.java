package dev.sweep.api.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds finished training runs that can serve a job instead of training it: a SUCCEEDED job, in any
 * sweep, with the same cache key (training key + dataset checksum + training-code version, see
 * {@code TrainingVersion}), whose epoch rows reach the job's planned epochs, and which has a
 * SUCCEEDED trial, with test metrics, at every epoch count the job's trials end at. The oldest such
 * job wins, so every reuse of one configuration points at the same source.
 */
@Component
public class ResultCache {
  private static final String LOOKUP =
      "SELECT DISTINCT ON (n.i) n.i, s.id AS source FROM"
          + " unnest(?::int[], ?::text[], ?::int[], ?::text[]) AS n(i, k, planned, eps)"
          + " JOIN job s ON s.cache_key = n.k AND s.status = "
          + JobStatus.SUCCEEDED.sql()
          + " AND s.current_epoch >= n.planned"
          + " WHERE (SELECT count(*) FROM epoch_metric e WHERE e.job_id = s.id"
          + " AND e.epoch <= n.planned) = n.planned"
          + " AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(n.eps, ',')::int[]) AS w(ep)"
          + " WHERE NOT EXISTS (SELECT 1 FROM trial st WHERE st.job_id = s.id"
          + " AND st.epochs = w.ep AND st.status = "
          + TrialStatus.SUCCEEDED.sql()
          + " AND st.test_accuracy IS NOT NULL))"
          + " ORDER BY n.i, s.id";

  private final JdbcTemplate jdbc;

  ResultCache(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A job that would train, described by what the lookup needs.
   *
   * @param trialEpochs the epoch counts its trials end at
   */
  public record Wanted(String cacheKey, int plannedEpochs, List<Integer> trialEpochs) {}

  /** A hit: {@code wanted.get(index)} can be served by job {@code source}. */
  public record Hit(int index, long source) {}

  public List<Hit> lookup(List<Wanted> wanted) {
    List<Hit> hits = new ArrayList<>();
    if (wanted.isEmpty()) {
      return hits;
    }
    int n = wanted.size();
    Integer[] index = new Integer[n];
    String[] keys = new String[n];
    Integer[] planned = new Integer[n];
    String[] epochs = new String[n];
    for (int i = 0; i < n; i++) {
      Wanted w = wanted.get(i);
      index[i] = i;
      keys[i] = w.cacheKey();
      planned[i] = w.plannedEpochs();
      epochs[i] = w.trialEpochs().stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    jdbc.query(
        (Connection con) -> {
          PreparedStatement ps = con.prepareStatement(LOOKUP);
          ps.setArray(1, con.createArrayOf("int4", index));
          ps.setArray(2, con.createArrayOf("text", keys));
          ps.setArray(3, con.createArrayOf("int4", planned));
          ps.setArray(4, con.createArrayOf("text", epochs));
          return ps;
        },
        rs -> {
          hits.add(new Hit(rs.getInt(1), rs.getLong(2)));
        });
    return hits;
  }

  /** Jobs that never ran and are still QUEUED, as lookups; ids in the same order. */
  record Pending(List<Long> jobIds, List<Wanted> wanted) {}

  /** Those of a sweep, or those among {@code jobIds} (one of the two is null). */
  Pending pending(Long sweepId, Long[] jobIds) {
    List<Long> ids = new ArrayList<>();
    List<Wanted> wanted = new ArrayList<>();
    jdbc.query(
        "SELECT j.id, j.cache_key, j.planned_epochs,"
            + " (SELECT string_agg(DISTINCT t.epochs::text, ',') FROM trial t"
            + " WHERE t.job_id = j.id) AS eps"
            + " FROM job j WHERE (j.sweep_id = ? OR j.id = ANY (?)) AND j.status = "
            + JobStatus.QUEUED.sql()
            + " AND j.started_at IS NULL AND j.cache_key IS NOT NULL ORDER BY j.id",
        ps -> {
          ps.setObject(1, sweepId, java.sql.Types.BIGINT);
          ps.setArray(
              2, ps.getConnection().createArrayOf("int8", jobIds == null ? new Long[0] : jobIds));
        },
        rs -> {
          ids.add(rs.getLong(1));
          String eps = rs.getString(4);
          List<Integer> epochs = new ArrayList<>();
          if (eps != null) {
            for (String e : eps.split(",")) {
              epochs.add(Integer.parseInt(e));
            }
          }
          wanted.add(new Wanted(rs.getString(2), rs.getInt(3), epochs));
        });
    return new Pending(ids, wanted);
  }
}
