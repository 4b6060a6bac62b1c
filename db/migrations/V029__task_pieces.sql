-- Mapped tasks (issue 22): a task mapped over an upstream task's list runs once per item, as
-- pieces that any node with a free slot of the task's pool takes, not only the node that runs
-- the run. One row per piece: what it works on, where it runs (node and attempt: every write a
-- node makes for a piece names both, so a node that lost the piece changes nothing), and its
-- result or error. A piece whose node is lost goes back to QUEUED; the run's other pieces keep
-- their results. Rows go with their run.
CREATE TABLE sf_task_piece (
    run_id       VARCHAR(40)  NOT NULL REFERENCES sf_run (run_id) ON DELETE CASCADE,
    task_id      VARCHAR(100) NOT NULL,
    piece        INTEGER      NOT NULL,
    pool         VARCHAR(50)  NOT NULL,
    item         JSONB        NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    node_id      VARCHAR(100),
    attempt      INTEGER      NOT NULL DEFAULT 0,
    failures     INTEGER      NOT NULL DEFAULT 0,
    output       JSONB,
    error        TEXT,
    retryable    BOOLEAN,
    note         TEXT,
    queued_at    TIMESTAMPTZ  NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (run_id, task_id, piece),
    CONSTRAINT sf_task_piece_status CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
);
CREATE INDEX sf_task_piece_queued ON sf_task_piece (pool, queued_at) WHERE status = 'QUEUED';
CREATE INDEX sf_task_piece_running ON sf_task_piece (pool, node_id) WHERE status = 'RUNNING';
