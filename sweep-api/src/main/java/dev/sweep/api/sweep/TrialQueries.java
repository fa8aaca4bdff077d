package dev.sweep.api.sweep;

import dev.sweep.api.web.ApiException;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Trials, one at a time or a page at a time, and a trial's per-epoch curve. */
@Component
class TrialQueries {
  static final int MAX_PAGE_SIZE = 1000;

  private final TrialRepository trials;
  private final SweepRepository sweeps;
  private final JdbcTemplate jdbc;

  TrialQueries(TrialRepository trials, SweepRepository sweeps, JdbcTemplate jdbc) {
    this.trials = trials;
    this.sweeps = sweeps;
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  TrialView get(long id) {
    return TrialView.of(trials.findById(id).orElseThrow(() -> ApiException.notFound("trial", id)));
  }

  @Transactional(readOnly = true)
  TrialView.Page page(long sweepId, String status, int page, int size) {
    if (page < 0) {
      throw ApiException.badRequest("page", "page must be 0 or more (got " + page + ")");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badRequest(
          "size", "size must be between 1 and " + MAX_PAGE_SIZE + " (got " + size + ")");
    }
    if (!sweeps.existsById(sweepId)) {
      throw ApiException.notFound("sweep", sweepId);
    }
    PageRequest request = PageRequest.of(page, size, Sort.by("id"));
    Page<TrialEntity> found =
        status == null
            ? trials.findBySweepId(sweepId, request)
            : trials.findBySweepIdAndStatus(sweepId, status, request);
    return new TrialView.Page(
        found.getContent().stream().map(TrialView::of).toList(),
        page,
        size,
        found.getTotalElements());
  }

  /** The job's epoch rows up to the trial's own epoch count: the trial's curve. */
  @Transactional(readOnly = true)
  List<EpochView> epochs(long trialId) {
    List<Integer> epochs =
        jdbc.queryForList("SELECT epochs FROM trial WHERE id = ?", Integer.class, trialId);
    if (epochs.isEmpty()) {
      throw ApiException.notFound("trial", trialId);
    }
    return jdbc.query(
        "SELECT e.epoch, e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy, e.seconds,"
            + " e.samples_per_second FROM trial t"
            + " JOIN epoch_metric e ON e.job_id = t.job_id AND e.epoch <= t.epochs"
            + " WHERE t.id = ? ORDER BY e.epoch",
        (rs, n) ->
            new EpochView(
                rs.getInt("epoch"),
                rs.getDouble("train_loss"),
                rs.getDouble("train_accuracy"),
                rs.getDouble("val_loss"),
                rs.getDouble("val_accuracy"),
                rs.getDouble("seconds"),
                rs.getDouble("samples_per_second")),
        trialId);
  }
}
