-- A slot of a named pool held by one running task (DESIGN.md §3, admission control). A slot
-- counts only while its run is RUNNING on the node that took it, so a dead node's slots free
-- themselves when its runs are recovered.
CREATE TABLE sf_pool_slot (
    run_id      VARCHAR(40)  NOT NULL REFERENCES sf_run (run_id) ON DELETE CASCADE,
    task_id     VARCHAR(100) NOT NULL,
    pool        VARCHAR(50)  NOT NULL,
    node_id     VARCHAR(100) NOT NULL,
    acquired_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (run_id, task_id)
);
CREATE INDEX sf_pool_slot_pool ON sf_pool_slot (pool);
