package io.sermonflow.launch;

import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/**
 * Executes a claimed run as a Spring Batch job on the calling thread and records how it
 * ended. The run's state is derived from the JobExecution, so the API and the job
 * repository agree.
 */
@Component
public class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	private final DagRegistry dags;

	private final DagJobFactory jobs;

	private final JobOperator jobOperator;

	private final RunStore runs;

	RunLauncher(DagRegistry dags, DagJobFactory jobs, JobOperator jobOperator, RunStore runs) {
		this.dags = dags;
		this.jobs = jobs;
		this.jobOperator = jobOperator;
		this.runs = runs;
	}

	/** Runs a RUNNING run to its end. */
	public RunStatus execute(Run run) {
		Dag dag = this.dags.find(run.dagId()).orElse(null);
		if (dag == null) {
			return end(run, RunStatus.FAILED, "DAG '" + run.dagId() + "' is not deployed on this node");
		}
		List<String> taskIds = this.runs.find(run.runId())
			.orElseThrow(() -> new IllegalStateException("Run " + run.runId() + " vanished"))
			.tasks()
			.stream()
			.map(TaskRun::taskId)
			.toList();
		List<TaskSpec> tasks = dag.tasks().stream().filter((task) -> taskIds.contains(task.id())).toList();
		if (tasks.size() != taskIds.size()) {
			return end(run, RunStatus.FAILED,
					"DAG '" + run.dagId() + "' on this node lacks tasks of the run " + taskIds);
		}
		JobExecution execution;
		try {
			execution = this.jobOperator.start(this.jobs.jobFor(dag, tasks), RunParameters.of(run));
		}
		catch (Exception ex) {
			log.error("Run {} of {} could not be launched", run.runId(), run.dagId(), ex);
			return end(run, RunStatus.FAILED, "Could not launch the run: " + ex.getMessage());
		}
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return end(run, RunStatus.SUCCEEDED, null);
		}
		if (status == BatchStatus.STOPPED) {
			return end(run, RunStatus.CANCELLED, null);
		}
		return end(run, RunStatus.FAILED, failureOf(execution));
	}

	private RunStatus end(Run run, RunStatus status, String error) {
		this.runs.finish(run.runId(), status, error);
		if (status == RunStatus.FAILED) {
			this.runs.closeUnfinishedTasks(run.runId(), TaskStatus.UPSTREAM_FAILED);
		}
		else if (status == RunStatus.CANCELLED) {
			this.runs.closeUnfinishedTasks(run.runId(), TaskStatus.CANCELLED);
		}
		return status;
	}

	private static String failureOf(JobExecution execution) {
		List<Throwable> failures = execution.getAllFailureExceptions();
		if (failures.isEmpty()) {
			return "Job ended " + execution.getStatus() + ": " + execution.getExitStatus().getExitDescription();
		}
		Throwable first = failures.get(0);
		return first.getClass().getSimpleName() + ": " + first.getMessage();
	}

}
