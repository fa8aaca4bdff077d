-- A fusion group: jobs of one sweep with equal FusionKey that one worker slot trains together as
-- one computation (planner-made, at most sweep.fusion.max-trials jobs). NULL trains alone (jobs
-- stored before groups existed, or a sweep with fusion: false).
ALTER TABLE job ADD COLUMN fusion_group INT;

-- the claim hands out the longest jobs first (so a sweep does not end with one slot idle), then
-- the oldest: it scans only queued jobs in that order
CREATE INDEX job_queued_longest_idx ON job (planned_epochs DESC, id) WHERE status = 'QUEUED';
DROP INDEX job_queued_idx;

-- the rest of a claimed job's group
CREATE INDEX job_queued_group_idx ON job (sweep_id, fusion_group) WHERE status = 'QUEUED';
