-- Bearer tokens of the API. A user token may create, cancel and (with sweep.auth.public-read=false)
-- read sweeps, and manage tokens; a worker token may only speak the worker protocol.
--
-- Only the SHA-256 of a token is kept. Tokens are 256 random bits (or an operator's secret given as
-- SWEEP_USER_TOKEN / SWEEP_WORKER_TOKEN), so a fast unsalted hash is enough to make a stolen table
-- useless, and it lets a request find its token through the unique index in one lookup.
CREATE TABLE api_token (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role         TEXT        NOT NULL CHECK (role IN ('user', 'worker')),
    name         TEXT        NOT NULL,
    token_sha256 BYTEA       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    -- how to recognise the token in a list without its secret: the first characters of a generated
    -- token, or the variable an operator's token came from
    hint         TEXT        NOT NULL,
    -- 'api' (POST /api/tokens, sweep token create) or 'bootstrap' (SWEEP_*_TOKEN at start-up)
    source       TEXT        NOT NULL CHECK (source IN ('api', 'bootstrap')),
    created_by   BIGINT      REFERENCES api_token (id),
    created_at   TIMESTAMPTZ NOT NULL,
    -- refreshed at most about once a minute per token, not on every request
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
