package dev.sweep.api.report;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Epoch counts behind "compute saved": every trial trained alone (naive), trials that differ only
 * in epochs continuing one run (prefix sharing), and equivalent values folded on top (planned).
 */
@Component
class ComputeSavings {
  private final JdbcTemplate jdbc;

  ComputeSavings(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record Epochs(long naive, long prefixShared, long planned, long trained, double trainingSeconds) {

    double savedFraction() {
      return naive == 0 ? 0 : 1 - (double) planned / naive;
    }

    double factor() {
      return planned == 0 ? 1 : (double) naive / planned;
    }
  }

  Epochs of(long sweepId, long storedNaive, long storedPlanned) {
    long naive =
        storedNaive > 0
            ? storedNaive
            : jdbc.queryForObject(
                "SELECT coalesce(sum(epochs), 0) FROM trial WHERE sweep_id = ?",
                Long.class,
                sweepId);
    long planned =
        storedPlanned > 0
            ? storedPlanned
            : jdbc.queryForObject(
                "SELECT coalesce(sum(planned_epochs), 0) FROM job WHERE sweep_id = ?",
                Long.class,
                sweepId);
    // one run per configuration-without-epochs, as long as its longest trial
    long prefixShared =
        jdbc.queryForObject(
            "SELECT coalesce(sum(longest), 0) FROM (SELECT max(epochs) AS longest FROM trial"
                + " WHERE sweep_id = ? GROUP BY params - 'epochs') runs",
            Long.class,
            sweepId);
    Object[] trained =
        jdbc.queryForObject(
            "SELECT count(*), coalesce(sum(m.seconds), 0) FROM epoch_metric m JOIN job j ON j.id ="
                + " m.job_id WHERE j.sweep_id = ?",
            (rs, i) -> new Object[] {rs.getLong(1), rs.getDouble(2)},
            sweepId);
    return new Epochs(
        naive, Math.max(prefixShared, planned), planned, (Long) trained[0], (Double) trained[1]);
  }
}
