-- A lease whose worker never called about its job (no heartbeat, no epoch report) until it expired
-- was most likely never received: a long-polling claim of a worker that had died took the job.
-- The reaper puts such a job back under the same attempt, but at most max_attempts times per job,
-- so a job that kills its worker before the first heartbeat still ends FAILED.
--
-- lease_unheard: set by the claim, cleared by the worker's first heartbeat or epoch report. FALSE
-- for leases that exist before this migration: they are charged as before.
ALTER TABLE job ADD COLUMN lease_unheard BOOLEAN NOT NULL DEFAULT FALSE;
-- how many expired leases of this job were never heard from (and so not charged)
ALTER TABLE job ADD COLUMN unheard_requeues INT NOT NULL DEFAULT 0;
