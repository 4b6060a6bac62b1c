-- Retention: housekeeping purges finished history after configurable horizons, in small
-- batches. These indexes let each batch find its oldest rows without scanning a table.

-- a run's Spring Batch executions, found by the run id they were launched with
CREATE INDEX batch_job_execution_params_run_idx ON BATCH_JOB_EXECUTION_PARAMS (PARAMETER_VALUE)
    WHERE PARAMETER_NAME = 'runId';

-- finished runs by age, and the latest run of each DAG (never purged)
CREATE INDEX sf_run_finished_idx ON sf_run (ended_at) WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE INDEX sf_run_dag_seq_idx ON sf_run (dag_id, seq DESC);

CREATE INDEX sf_task_log_at_idx ON sf_task_log (at);
CREATE INDEX sf_event_accepted_idx ON sf_event (accepted_at);
CREATE INDEX sf_schedule_fired_idx ON sf_schedule (fired_at) WHERE kind = 'at';
