-- Admission control and crash recovery (issue 4).

-- Each node heart-beats; a node whose lease has run out is presumed dead and its runs recovered.
CREATE TABLE sf_node (
    node_id      VARCHAR(100) PRIMARY KEY,
    roles        VARCHAR(100) NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    heartbeat_at TIMESTAMPTZ  NOT NULL,
    lease_until  TIMESTAMPTZ  NOT NULL
);

-- A paused DAG's runs stay QUEUED.
CREATE TABLE sf_dag_state (
    dag_id    VARCHAR(200) PRIMARY KEY,
    paused    BOOLEAN      NOT NULL,
    paused_at TIMESTAMPTZ,
    paused_by VARCHAR(100)
);

ALTER TABLE sf_run
    -- the value of the DAG's concurrency key in the run's data (for example a church id)
    ADD COLUMN concurrency_key  VARCHAR(200),
    -- times the run was taken back from a node that died under it; not the task's fault
    ADD COLUMN node_recoveries  INT NOT NULL DEFAULT 0;

CREATE INDEX sf_run_running_idx ON sf_run (dag_id, concurrency_key) WHERE status = 'RUNNING';
