-- One owner of job and trial state (the API's JobLifecycle; statuses and their allowed transitions
-- are the enums JobStatus, TrialStatus and SweepStatus).
--
-- PRUNED: a job that early termination stopped at a rung (it may be resumed), and its trials that
-- would have ended after that rung. Trials that ended before keep their results.
--
-- A trial row no longer stores RUNNING: it stays QUEUED until it ends and shows RUNNING while its
-- job runs (derived on every read), so a claim writes one job row instead of one row per trial.

UPDATE trial SET status = 'QUEUED' WHERE status = 'RUNNING';

ALTER TABLE job DROP CONSTRAINT job_status_check;
ALTER TABLE job ADD CONSTRAINT job_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'));

ALTER TABLE trial DROP CONSTRAINT trial_status_check;
ALTER TABLE trial ADD CONSTRAINT trial_status_check
    CHECK (status IN ('QUEUED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'));

-- Lease tokens are 64 random bits from the API's SecureRandom: a sequence's next value was easy to
-- guess, and a guessed token could fail another worker's job.
DROP SEQUENCE lease_token_seq;
COMMENT ON COLUMN job.lease_token IS
    'fencing token of the current lease, 64 random bits; NULL when not leased';
