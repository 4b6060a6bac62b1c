-- Triggers (issue 5): dead letters kept in PostgreSQL, schedules and timers, backfills, and
-- the events an API node accepted but may not have published.

-- Why the intake could not process a message, kept until the message is dead-lettered (or
-- ages out), so the dead letter shows its reason.
CREATE TABLE sf_intake_failure (
    message_id    VARCHAR(200) PRIMARY KEY,
    body_sha256   CHAR(64)     NOT NULL,
    reason        TEXT         NOT NULL,
    receive_count INT          NOT NULL,
    failed_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX sf_intake_failure_body_idx ON sf_intake_failure (body_sha256);
CREATE INDEX sf_intake_failure_at_idx ON sf_intake_failure (failed_at);

-- Messages SQS moved to the dead-letter queue, drained here so they stay inspectable for as
-- long as an operator needs (an SQS queue keeps a message 14 days at most).
CREATE TABLE sf_dead_letter (
    message_id    VARCHAR(200) PRIMARY KEY,
    body          TEXT         NOT NULL,
    receive_count INT          NOT NULL,
    sent_at       TIMESTAMPTZ,
    dead_at       TIMESTAMPTZ  NOT NULL,
    error         TEXT
);
CREATE INDEX sf_dead_letter_at_idx ON sf_dead_letter (dead_at DESC, message_id);

-- set once the accepted event is on the queue; the sweeper republishes accepted events a crash
-- left unpublished
ALTER TABLE sf_event ADD COLUMN published_at TIMESTAMPTZ;
ALTER TABLE sf_event ADD COLUMN traceparent VARCHAR(64);
CREATE INDEX sf_event_unpublished_idx ON sf_event (accepted_at) WHERE recorded_at IS NULL AND published_at IS NULL;

-- Cron schedules (start a DAG run) and one-shot timers (publish an event). Quartz holds the
-- trigger, named by the schedule id; this row holds what it does.
CREATE TABLE sf_schedule (
    schedule_id  VARCHAR(100) PRIMARY KEY,
    kind         VARCHAR(10)  NOT NULL CHECK (kind IN ('cron', 'at')),
    cron         VARCHAR(200),
    time_zone    VARCHAR(64),
    dag_id       VARCHAR(100),
    data         JSONB,
    fire_at      TIMESTAMPTZ,
    event_name   VARCHAR(200),
    event_id     VARCHAR(200),
    misfire      VARCHAR(20)  NOT NULL,
    source       VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    fired_at     TIMESTAMPTZ,
    fire_count   INT          NOT NULL DEFAULT 0
);
CREATE INDEX sf_schedule_kind_idx ON sf_schedule (kind, created_at, schedule_id);

-- Backfills: runs of one DAG over many items, started at a bounded rate
CREATE TABLE sf_backfill (
    backfill_id     VARCHAR(40)  PRIMARY KEY,
    dag_id          VARCHAR(100) NOT NULL,
    items           INT          NOT NULL,
    rate_per_minute INT          NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    cancelled_at    TIMESTAMPTZ
);
ALTER TABLE sf_run ADD COLUMN backfill_id VARCHAR(40);
ALTER TABLE sf_run ADD COLUMN not_before TIMESTAMPTZ;
ALTER TABLE sf_run ADD COLUMN traceparent VARCHAR(64);
CREATE INDEX sf_run_backfill_idx ON sf_run (backfill_id) WHERE backfill_id IS NOT NULL;

-- the trace of the work that wrote an outbox event, continued when it is published
ALTER TABLE sf_outbox ADD COLUMN traceparent VARCHAR(64);
