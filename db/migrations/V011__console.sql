-- The console: an audit log of what staff did, and the lookups its pages make.

CREATE TABLE sf_audit (
    id      BIGSERIAL    PRIMARY KEY,
    at      TIMESTAMPTZ  NOT NULL,
    actor   VARCHAR(200) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    target  VARCHAR(300),
    detail  TEXT
);
CREATE INDEX sf_audit_at_idx ON sf_audit (at DESC, id DESC);

-- a run's attempts of every task (Spring Batch step executions) by the run id parameter
CREATE INDEX batch_job_exec_params_value_idx ON BATCH_JOB_EXECUTION_PARAMS (PARAMETER_VALUE)
    WHERE PARAMETER_NAME = 'runId';

-- what the console tells staff (a sermon published or failed); one per key, so a task that runs
-- again does not say it twice
CREATE TABLE sf_notification (
    id     BIGSERIAL    PRIMARY KEY,
    key    VARCHAR(300) NOT NULL UNIQUE,
    at     TIMESTAMPTZ  NOT NULL,
    level  VARCHAR(10)  NOT NULL,
    title  VARCHAR(500) NOT NULL,
    link   VARCHAR(300)
);
CREATE INDEX sf_notification_at_idx ON sf_notification (at DESC, id DESC);
