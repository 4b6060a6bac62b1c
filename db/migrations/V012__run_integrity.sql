-- Run integrity (issue 13): claims with epochs (fencing), onFailure that no crash can lose,
-- why and until when a run waits, the DAG version a run started with.

ALTER TABLE sf_run
    -- raised by every claim: a write for a RUNNING run names node_id and epoch, so a node that
    -- lost the run (presumed dead, woke up) changes nothing
    ADD COLUMN epoch               BIGINT      NOT NULL DEFAULT 0,
    -- the epoch of the last claim taken back by a recovery: what a node wrote under it or an
    -- earlier claim (its late log lines) is not kept
    ADD COLUMN recovered_epoch     BIGINT      NOT NULL DEFAULT 0,
    -- the structural version of the DAG the run started with (null: unrecorded)
    ADD COLUMN dag_version         VARCHAR(64),
    -- when a waiting run becomes eligible, where known (a retry, a backfill's pace)
    ADD COLUMN eligible_at         TIMESTAMPTZ,
    -- the onFailure work: PENDING (due at on_failure_due_at), RUNNING (on on_failure_node),
    -- SUCCEEDED, FAILED or NONE (no handler), tried on_failure_attempts times
    ADD COLUMN on_failure_attempts INT         NOT NULL DEFAULT 0,
    ADD COLUMN on_failure_due_at   TIMESTAMPTZ,
    ADD COLUMN on_failure_node     VARCHAR(100);

-- the sweeper's look-up of due onFailure work
CREATE INDEX sf_run_on_failure_due_idx ON sf_run (on_failure_due_at)
    WHERE on_failure_status IN ('PENDING', 'RUNNING');

-- a handler left RUNNING by an earlier version (which had no sweeper) is picked up again
UPDATE sf_run SET on_failure_status = 'PENDING' WHERE on_failure_status = 'RUNNING';

-- which versions of which DAGs each node runs, so a run of a version no live node has fails
-- once, naming the task that is gone, instead of waiting for ever
ALTER TABLE sf_node ADD COLUMN dag_versions TEXT NOT NULL DEFAULT '';

-- the node that runs (or last ran) each task
ALTER TABLE sf_task ADD COLUMN node_id VARCHAR(100);
