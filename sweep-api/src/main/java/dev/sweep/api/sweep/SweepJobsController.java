package dev.sweep.api.sweep;

import dev.sweep.api.job.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs as users watch them (the worker protocol lives under /api/worker). */
@RestController
@Tag(name = "jobs")
class SweepJobsController {
  private final JobQueries jobs;

  SweepJobsController(JobQueries jobs) {
    this.jobs = jobs;
  }

  @Operation(summary = "A sweep's jobs with the trials each serves")
  @GetMapping("/api/sweeps/{id}/jobs")
  List<JobView> forSweep(@PathVariable long id, @RequestParam(required = false) String status) {
    return jobs.forSweep(id, Statuses.filter(JobStatus.class, status));
  }

  @Operation(summary = "One job: status, attempt, worker, epoch out of planned")
  @GetMapping("/api/jobs/{id}")
  JobView get(@PathVariable long id) {
    return jobs.get(id);
  }
}
