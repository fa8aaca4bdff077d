-- The single definition of sweep's schema. Flyway applies it at API start-up and in every test.
-- Vocabulary: a sweep expands into trials (grid points); trials that differ only in epochs, or in
-- values proven equivalent, share one job (one training run a worker claims under a lease).

CREATE TABLE sweep (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                TEXT        NOT NULL,
    method              TEXT        NOT NULL,
    metric_name         TEXT        NOT NULL,
    metric_goal         TEXT        NOT NULL CHECK (metric_goal IN ('maximize', 'minimize')),
    -- normalised definition (defaults filled), as JSON
    definition          JSONB       NOT NULL,
    -- the text the user submitted, kept verbatim for reports and re-submission
    source              TEXT,
    -- SHA-256 of the canonical definition: lets a client find an identical earlier sweep
    definition_hash     TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    trial_count         INT         NOT NULL,
    job_count           INT         NOT NULL,
    epochs_naive        BIGINT      NOT NULL,
    epochs_planned      BIGINT      NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    cancel_requested_at TIMESTAMPTZ
);

CREATE INDEX sweep_definition_hash_idx ON sweep (definition_hash);

CREATE SEQUENCE lease_token_seq;

CREATE TABLE job (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id         BIGINT      NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    training_key     TEXT        NOT NULL,
    -- canonical training configuration without epochs (equivalent values folded)
    config           JSONB       NOT NULL,
    planned_epochs   INT         NOT NULL CHECK (planned_epochs >= 1),
    status           TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- 1 for the first run; +1 each time a failed or expired run is re-queued
    attempt          INT         NOT NULL DEFAULT 1,
    max_attempts     INT         NOT NULL,
    -- fencing token of the current lease, from lease_token_seq; NULL when not leased
    lease_token      BIGINT,
    lease_expires_at TIMESTAMPTZ,
    worker_id        TEXT,
    current_epoch    INT         NOT NULL DEFAULT 0,
    cancel_requested BOOLEAN     NOT NULL DEFAULT FALSE,
    error            TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    UNIQUE (sweep_id, training_key)
);

-- the claim scans only queued jobs, oldest first
CREATE INDEX job_queued_idx ON job (id) WHERE status = 'QUEUED';
-- the reaper scans only running jobs by lease expiry
CREATE INDEX job_running_lease_idx ON job (lease_expires_at) WHERE status = 'RUNNING';
CREATE INDEX job_sweep_idx ON job (sweep_id);

CREATE TABLE trial (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id       BIGINT           NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    job_id         BIGINT           NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    -- SHA-256 of the trial's full canonical configuration
    identity       TEXT             NOT NULL,
    -- the trial's full configuration, as the user named it (snake_case keys)
    params         JSONB            NOT NULL,
    epochs         INT              NOT NULL CHECK (epochs >= 1),
    status         TEXT             NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- metrics at the trial's own final epoch
    train_loss     DOUBLE PRECISION,
    train_accuracy DOUBLE PRECISION,
    val_loss       DOUBLE PRECISION,
    val_accuracy   DOUBLE PRECISION,
    test_loss      DOUBLE PRECISION,
    test_accuracy  DOUBLE PRECISION,
    finished_at    TIMESTAMPTZ,
    UNIQUE (sweep_id, identity)
);

CREATE INDEX trial_job_idx ON trial (job_id);
CREATE INDEX trial_sweep_status_idx ON trial (sweep_id, status);
CREATE INDEX trial_best_val_accuracy_idx ON trial (sweep_id, val_accuracy) WHERE status = 'SUCCEEDED';
CREATE INDEX trial_best_val_loss_idx ON trial (sweep_id, val_loss) WHERE status = 'SUCCEEDED';

CREATE TABLE epoch_metric (
    job_id             BIGINT           NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    epoch              INT              NOT NULL CHECK (epoch >= 1),
    train_loss         DOUBLE PRECISION NOT NULL,
    train_accuracy     DOUBLE PRECISION NOT NULL,
    val_loss           DOUBLE PRECISION NOT NULL,
    val_accuracy       DOUBLE PRECISION NOT NULL,
    seconds            DOUBLE PRECISION NOT NULL,
    samples_per_second DOUBLE PRECISION NOT NULL,
    reported_at        TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (job_id, epoch)
);

CREATE TABLE checkpoint (
    job_id     BIGINT      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    epoch      INT         NOT NULL,
    sha256     TEXT        NOT NULL,
    size_bytes BIGINT      NOT NULL,
    location   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, epoch)
);

CREATE TABLE worker (
    id            TEXT PRIMARY KEY,
    hostname      TEXT,
    slots         INT,
    backend       TEXT,
    registered_at TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);

-- state changes and epoch metrics, in order, for Server-Sent Events with Last-Event-ID replay
CREATE TABLE sweep_event (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id   BIGINT      NOT NULL REFERENCES sweep (id) ON DELETE CASCADE,
    type       TEXT        NOT NULL,
    payload    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sweep_event_sweep_idx ON sweep_event (sweep_id, id);
