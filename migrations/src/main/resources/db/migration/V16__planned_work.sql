-- A job's planned work: the API's estimate of its training time (epochs x training images x the
-- model's multiply-adds per sample x a per-step overhead that falls with batch size x an activation
-- factor; dev.sweep.api.grid.PlannedWork), in epochs of the default configuration. The claim hands
-- out the most work first, which planned epochs alone did not: a batch-64 epoch costs about twice
-- a batch-256 one, so equal epochs are not equal time.
--
-- Jobs stored before this migration get their planned epochs: as if each were the default
-- configuration, which keeps the order of queues already waiting.
ALTER TABLE job ADD COLUMN planned_work DOUBLE PRECISION;
UPDATE job SET planned_work = planned_epochs;
ALTER TABLE job ALTER COLUMN planned_work SET NOT NULL;
ALTER TABLE job ADD CONSTRAINT job_planned_work_positive CHECK (planned_work > 0);

-- the claim scans only queued jobs, most work first, then the oldest
CREATE INDEX job_queued_work_idx ON job (planned_work DESC, id) WHERE status = 'QUEUED';
DROP INDEX job_queued_longest_idx;
