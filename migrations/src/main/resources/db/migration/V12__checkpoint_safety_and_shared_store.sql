-- Safe checkpoints (issue 9), a checkpoint store every API replica reaches (issue 11) and the
-- trained model of each trial as a file (issue 10).

-- A checkpoint a worker could not restore (its bytes did not hash to sha256, it is of another
-- configuration, or it is not a sweep checkpoint) is quarantined: kept for inspection, never again
-- offered for resuming. The job resumes from the newest checkpoint that is not quarantined.
ALTER TABLE checkpoint
    ADD COLUMN quarantined_at    TIMESTAMPTZ,
    ADD COLUMN quarantine_reason TEXT;

-- Every rejection, kept when a new upload of the same epoch lifts the quarantine: what failed, for
-- the operator, and evidence that a job fell back instead of failing.
CREATE TABLE checkpoint_rejection (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      BIGINT      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    epoch       INT         NOT NULL,
    sha256      TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    rejected_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX checkpoint_rejection_job_idx ON checkpoint_rejection (job_id);

-- The DL4J ModelSerializer zip of a job's network after an epoch that ends one of its trials,
-- uploaded by the worker (the API has no DL4J to build it from a checkpoint). Never pruned.
CREATE TABLE trial_model (
    job_id     BIGINT      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    epoch      INT         NOT NULL,
    sha256     TEXT        NOT NULL,
    size_bytes BIGINT      NOT NULL,
    location   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, epoch)
);

-- The bytes of sweep.checkpoints.store=postgres: one stored object (a checkpoint or a model file,
-- named by the same location the rows above hold) as chunks of at most 1 MiB, so neither side
-- ever holds a whole object in memory. An upload is written under a temporary location ('tmp/...')
-- and renamed in the transaction that records it; created_at lets the janitor find abandoned ones.
CREATE TABLE checkpoint_blob (
    location   TEXT        NOT NULL,
    chunk      INT         NOT NULL,
    data       BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (location, chunk)
);
ALTER TABLE checkpoint_blob ALTER COLUMN data SET STORAGE EXTERNAL;
