-- Early termination (a sweep's early_terminate): why a job was stopped at a rung. One row per job and
-- rung where the rule pruned it; a resumed job keeps its rows (a job with a row is never judged
-- again: the user asked it to train on). GET /api/trials/{id} shows the newest row of a PRUNED
-- trial's job.
CREATE TABLE prune_decision (
    job_id     BIGINT           NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    -- the epoch at which the rule judged the job
    rung       INT              NOT NULL CHECK (rung >= 1),
    -- 'hyperband' (also written asha) or 'median'
    rule       TEXT             NOT NULL,
    -- the sweep's metric and the job's value of it at the rung
    metric     TEXT             NOT NULL,
    value      DOUBLE PRECISION NOT NULL,
    -- the value a job needed to go on: the eta-quantile (hyperband) or the median of the others
    cutoff     DOUBLE PRECISION NOT NULL,
    -- how many other jobs of the sweep had reached the rung when this one was judged
    compared   INT              NOT NULL,
    decided_at TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (job_id, rung)
);
