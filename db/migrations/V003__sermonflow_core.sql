-- Sermonflow's own tables. Spring Batch keeps the execution history; these keep what the
-- scheduler decides on (events, runs, task results) and who may act on it.

-- One row per event id. The API inserts it (accepted_at) before publishing to SQS, so a client's
-- duplicate is answered at once; the intake sets recorded_at exactly once, in the same transaction
-- that creates the event's runs.
CREATE TABLE sf_event (
    event_id    VARCHAR(200) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    data        JSONB        NOT NULL,
    accepted_at TIMESTAMPTZ  NOT NULL,
    recorded_at TIMESTAMPTZ
);

CREATE TABLE sf_run (
    run_id           VARCHAR(40)  PRIMARY KEY,
    seq              BIGSERIAL    NOT NULL,
    dag_id           VARCHAR(200) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    event_id         VARCHAR(200) REFERENCES sf_event (event_id),
    data             JSONB        NOT NULL,
    priority         INT          NOT NULL DEFAULT 0,
    attempt          INT          NOT NULL DEFAULT 1,
    max_attempts     INT          NOT NULL DEFAULT 1,
    generation       INT          NOT NULL DEFAULT 1,
    node_id          VARCHAR(100),
    job_execution_id BIGINT,
    waiting_reason   TEXT,
    error            TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    started_at       TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ
);
-- the dispatcher's claim: QUEUED runs by priority, then first in, first out
CREATE INDEX sf_run_queued_idx ON sf_run (priority DESC, seq) WHERE status = 'QUEUED';
CREATE INDEX sf_run_created_idx ON sf_run (created_at DESC, run_id);
CREATE INDEX sf_run_dag_created_idx ON sf_run (dag_id, created_at DESC);
CREATE INDEX sf_run_status_created_idx ON sf_run (status, created_at DESC);
CREATE INDEX sf_run_event_idx ON sf_run (event_id);

CREATE TABLE sf_task (
    run_id          VARCHAR(40)  NOT NULL REFERENCES sf_run (run_id) ON DELETE CASCADE,
    task_id         VARCHAR(100) NOT NULL,
    position        INT          NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    output          JSONB,
    error_type      VARCHAR(300),
    error_message   TEXT,
    error_retryable BOOLEAN,
    error_stack     TEXT,
    progress_done   BIGINT,
    progress_total  BIGINT,
    PRIMARY KEY (run_id, task_id)
);

CREATE TABLE sf_task_log (
    id      BIGSERIAL    PRIMARY KEY,
    run_id  VARCHAR(40)  NOT NULL REFERENCES sf_run (run_id) ON DELETE CASCADE,
    task_id VARCHAR(100) NOT NULL,
    at      TIMESTAMPTZ  NOT NULL,
    level   VARCHAR(10)  NOT NULL,
    message TEXT         NOT NULL
);
CREATE INDEX sf_task_log_task_idx ON sf_task_log (run_id, task_id, id);

CREATE TABLE sf_user (
    username      VARCHAR(100) PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    role          VARCHAR(20)  NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN')),
    disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ  NOT NULL
);

-- API tokens are stored as a SHA-256 of a 256-bit random secret: unguessable, so a fast hash is
-- enough, and a bearer call costs one indexed lookup instead of a password hash.
CREATE TABLE sf_api_token (
    token_id   VARCHAR(40)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    token_hash CHAR(64)     NOT NULL UNIQUE,
    role       VARCHAR(20)  NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN')),
    created_by VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ
);
