-- Failover in seconds (issue 14): each worker node holds a session-level advisory lock, keyed by
-- its liveness key, on one long-lived connection of its own. A node whose process dies closes its
-- connections, which frees the lock; the other nodes see it free within a quarter second and take
-- its runs back without waiting for its lease to run out.
CREATE SEQUENCE sf_node_liveness_key_seq AS INT CYCLE;

ALTER TABLE sf_node
    ADD COLUMN liveness_key INT,
    -- shutting down gracefully: finishing what it runs, claiming nothing new
    ADD COLUMN draining     BOOLEAN NOT NULL DEFAULT FALSE,
    -- why the other nodes presume it dead, once they do
    ADD COLUMN lost_reason  TEXT;

-- where a run was last taken back from, and why, kept after it runs again
ALTER TABLE sf_run ADD COLUMN recovered_from TEXT;

-- demo-ledger (./sermonflow chaos): each task records its effect once, keyed by run and task, in
-- its own step's transaction; a second record of one effect is refused by the key and counted.
CREATE TABLE sf_demo_ledger (
    run_id      VARCHAR(40)  NOT NULL,
    task_id     VARCHAR(100) NOT NULL,
    node_id     VARCHAR(100) NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (run_id, task_id)
);
CREATE TABLE sf_demo_ledger_duplicate (
    id          BIGSERIAL    PRIMARY KEY,
    run_id      VARCHAR(40)  NOT NULL,
    task_id     VARCHAR(100) NOT NULL,
    node_id     VARCHAR(100) NOT NULL,
    at          TIMESTAMPTZ  NOT NULL
);
