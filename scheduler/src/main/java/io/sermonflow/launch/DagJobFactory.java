package io.sermonflow.launch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskSpec;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.FlowJobBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.flow.support.SimpleFlow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Compiles a DAG into a Spring Batch job: one step per task, layers of independent tasks
 * as parallel splits, layers in dependency order. Jobs are built once per DAG (and task
 * selection) and reused.
 */
@Component
class DagJobFactory {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final TaskSteps steps;

	/**
	 * Carries the parallel branches of split layers. A branch's task takes one of the
	 * node's task slots before it runs ({@link TaskSlots}), so the work is bounded by
	 * {@code SERMONFLOW_WORKERS}; a branch waiting for a slot only holds an idle thread.
	 */
	private final TaskExecutor branchExecutor;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	DagJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager, TaskSteps steps) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.steps = steps;
		this.branchExecutor = new ConcurrentTaskExecutor(Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "sermonflow-branch");
			thread.setDaemon(true);
			return thread;
		}));
	}

	/**
	 * The job running the given selection of the DAG's tasks for a run. Tasklet-only jobs
	 * are stateless and shared by all runs; a job with chunk tasks holds its readers'
	 * positions, so it is built for the one run.
	 */
	Job jobFor(Dag dag, List<TaskSpec> tasks, String runId) {
		if (tasks.stream().anyMatch(TaskSpec::isChunked)) {
			return compile(dag, tasks, runId);
		}
		String key = dag.id() + ":" + String.join(",", tasks.stream().map(TaskSpec::id).toList());
		return this.jobs.computeIfAbsent(key, (k) -> compile(dag, tasks, null));
	}

	private Job compile(Dag dag, List<TaskSpec> tasks, String runId) {
		List<Flow> layers = Dag.layers(tasks).stream().map((layer) -> layerFlow(dag, layer, runId)).toList();
		FlowBuilder<FlowJobBuilder> builder = new JobBuilder(dag.id(), this.jobRepository).start(layers.get(0));
		for (Flow layer : layers.subList(1, layers.size())) {
			builder = builder.next(layer);
		}
		return builder.end().build();
	}

	private Flow layerFlow(Dag dag, List<TaskSpec> layer, String runId) {
		if (layer.size() == 1) {
			return new FlowBuilder<SimpleFlow>(dag.id() + "." + layer.get(0).id()).start(step(layer.get(0), runId))
				.build();
		}
		Flow[] branches = layer.stream()
			.map((task) -> new FlowBuilder<SimpleFlow>(dag.id() + "." + task.id()).start(step(task, runId)).build())
			.toArray(Flow[]::new);
		return new FlowBuilder<SimpleFlow>(dag.id() + ".split." + layer.get(0).id()).split(this.branchExecutor)
			.add(branches)
			.build();
	}

	private Step step(TaskSpec task, String runId) {
		if (task.isChunked()) {
			return ChunkTaskStep.build(task, this.steps, runId, this.jobRepository, this.transactionManager);
		}
		TaskTasklet tasklet = new TaskTasklet(task, this.steps);
		return new StepBuilder(task.id(), this.jobRepository).tasklet(tasklet, this.transactionManager)
			.listener(tasklet)
			.build();
	}

}
