-- Result cache across sweeps. A job's cache_key is the SHA-256 of its training key, the dataset's
-- checksum and the training-code version (sweep-contract's TrainingVersion). A SUCCEEDED job with
-- the same key, in any sweep, serves a new job without training: the new job goes QUEUED ->
-- SUCCEEDED at once, its epoch rows are copies marked with where they came from, and its trials
-- take the source trials' results.

-- NULL for jobs created before the cache existed: they are never reused.
ALTER TABLE job ADD COLUMN cache_key TEXT;
-- the job that actually trained the reused epochs (never itself a reused job); NULL when trained
ALTER TABLE job ADD COLUMN reused_from_job_id BIGINT REFERENCES job (id) ON DELETE SET NULL;

-- true for copied rows; reused_from_job_id names the job that trained them (NULL once that job's
-- sweep is deleted, while reused stays true)
ALTER TABLE epoch_metric ADD COLUMN reused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE epoch_metric ADD COLUMN reused_from_job_id BIGINT REFERENCES job (id) ON DELETE SET NULL;

-- the lookup: finished jobs by key
CREATE INDEX job_cache_key_idx ON job (cache_key) WHERE status = 'SUCCEEDED';
CREATE INDEX job_reused_from_idx ON job (reused_from_job_id) WHERE reused_from_job_id IS NOT NULL;
CREATE INDEX epoch_metric_reused_from_idx ON epoch_metric (reused_from_job_id)
    WHERE reused_from_job_id IS NOT NULL;
