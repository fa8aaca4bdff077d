-- When the epoch a RUNNING job is training began: set by the claim and by each newly reported
-- epoch. The reaper fails a job whose epoch has run longer than sweep.limits.epoch-wall-time
-- (a worker stuck in native code keeps heart-beating from another thread, so the lease alone
-- would hold the slot forever).
ALTER TABLE job ADD COLUMN epoch_started_at TIMESTAMPTZ;
UPDATE job SET epoch_started_at = updated_at WHERE status = 'RUNNING';
CREATE INDEX job_running_epoch_idx ON job (epoch_started_at) WHERE status = 'RUNNING';
