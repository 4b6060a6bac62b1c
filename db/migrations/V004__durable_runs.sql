-- Durable DAG runs: retries wait on a Quartz timer, cancellation is a request the run honours at
-- its next step or chunk boundary, onFailure runs once after the last attempt.
ALTER TABLE sf_run
    ADD COLUMN cancel_requested  BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN retry_at          TIMESTAMPTZ,
    ADD COLUMN on_failure_status VARCHAR(20),
    ADD COLUMN on_failure_at     TIMESTAMPTZ,
    ADD COLUMN on_failure_result JSONB,
    ADD COLUMN on_failure_error  TEXT;

-- Events written by tasks (emit, sendAt) and by the engine (run/failed), committed with the work
-- that caused them and published to SQS afterwards by the outbox relay.
CREATE TABLE sf_outbox (
    id         BIGSERIAL    PRIMARY KEY,
    event_id   VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    data       JSONB        NOT NULL,
    due_at     TIMESTAMPTZ  NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    run_id     VARCHAR(40)
);
CREATE INDEX sf_outbox_due_idx ON sf_outbox (due_at);

-- demo-flaky counts its failures per key across attempts and restarts
CREATE TABLE sf_demo_flaky (
    key      VARCHAR(200) PRIMARY KEY,
    attempts INT NOT NULL
);
