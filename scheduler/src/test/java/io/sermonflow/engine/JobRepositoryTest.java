package io.sermonflow.engine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job repository the engine runs its jobs on ({@code LeanJobRepository}, which skips
 * Spring Batch's reads before its writes where they cannot find anything): a restart
 * still resumes after the steps that completed, and an execution another node changed is
 * not written over by the attempt that lost it.
 */
@EngineTest
class JobRepositoryTest {

	@Autowired
	JobRepository repository;

	@Autowired
	JobOperator operator;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void a_restart_resumes_after_the_steps_that_completed() throws Exception {
		String name = "lean-restart-" + UUID.randomUUID();
		AtomicInteger firstRuns = new AtomicInteger();
		AtomicInteger secondRuns = new AtomicInteger();
		Job job = new JobBuilder(name, this.repository).start(step(name + "_1", firstRuns::incrementAndGet))
			.next(step(name + "_2", () -> {
				if (secondRuns.incrementAndGet() == 1) {
					throw new IllegalStateException("the first try fails");
				}
			}))
			.build();
		JobParameters parameters = parameters();

		JobExecution failed = this.operator.start(job, parameters);
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		JobExecution restarted = this.operator.start(job, parameters);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
		assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName).containsExactly(name + "_2");
		assertThat(firstRuns).hasValue(1);
		assertThat(secondRuns).hasValue(2);
	}

	@Test
	void a_context_changed_after_its_step_and_one_carried_into_a_restart_are_stored() throws Exception {
		String name = "lean-context-" + UUID.randomUUID();
		AtomicInteger tries = new AtomicInteger();
		Step step = new StepBuilder(name + "_1", this.repository).tasklet((contribution, chunk) -> {
			ExecutionContext context = chunk.getStepContext().getStepExecution().getExecutionContext();
			if (tries.incrementAndGet() == 1) {
				context.putString("position", "41");
				throw new IllegalStateException("the first try fails");
			}
			context.putString("done", "at " + context.getString("position"));
			return RepeatStatus.FINISHED;
		}, this.transactions).listener(new StepExecutionListener() {
			@Override
			public ExitStatus afterStep(StepExecution stepExecution) {
				stepExecution.getExecutionContext().putString("seen", "try " + tries.get());
				return null;
			}
		}).build();
		Job job = new JobBuilder(name, this.repository).start(step).build();
		JobParameters parameters = parameters();

		JobExecution failed = this.operator.start(job, parameters);
		JobExecution restarted = this.operator.start(job, parameters);

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(storedContext(failed)).contains("\"position\":\"41\"").contains("\"seen\":\"try 1\"");
		assertThat(storedContext(restarted)).contains("\"position\":\"41\"")
			.contains("\"done\":\"at 41\"")
			.contains("\"seen\":\"try 2\"");
	}

	private String storedContext(JobExecution execution) {
		return this.jdbc
			.sql("SELECT c.short_context FROM batch_step_execution_context c JOIN batch_step_execution s"
					+ " ON s.step_execution_id = c.step_execution_id WHERE s.job_execution_id = ?")
			.param(execution.getId())
			.query(String.class)
			.single();
	}

	@Test
	void an_execution_another_node_recovered_is_not_written_over_by_the_attempt_that_lost_it() throws Exception {
		String name = "lean-fenced-" + UUID.randomUUID();
		CountDownLatch inStep = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Job job = new JobBuilder(name, this.repository).start(step(name + "_1", () -> {
			inStep.countDown();
			await(release);
		})).build();
		CompletableFuture<Object> attempt = CompletableFuture.supplyAsync(() -> {
			try {
				return this.operator.start(job, parameters());
			}
			catch (Exception ex) {
				return ex;
			}
		});
		assertThat(inStep.await(60, TimeUnit.SECONDS)).isTrue();
		long executionId = this.jdbc
			.sql("SELECT e.job_execution_id FROM batch_job_execution e JOIN batch_job_instance i"
					+ " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = ?")
			.param(name)
			.query(Long.class)
			.single();
		// what another node's recovery writes (JobOperator.recover): FAILED, ended, next
		// version
		this.jdbc
			.sql("UPDATE batch_job_execution SET status = 'FAILED', exit_code = 'FAILED',"
					+ " exit_message = 'recovered by another node', end_time = now(), version = version + 1"
					+ " WHERE job_execution_id = ?")
			.param(executionId)
			.update();
		int recoveredVersion = this.jdbc.sql("SELECT version FROM batch_job_execution WHERE job_execution_id = ?")
			.param(executionId)
			.query(Integer.class)
			.single();
		release.countDown();

		Object outcome = attempt.get(60, TimeUnit.SECONDS);

		assertThat(outcome).isInstanceOf(Throwable.class);
		assertThat(causes((Throwable) outcome)).as("the lost attempt's end fails on the version")
			.anyMatch(OptimisticLockingFailureException.class::isInstance);
		assertThat(this.jdbc
			.sql("SELECT status || ' ' || exit_message || ' ' || version FROM batch_job_execution"
					+ " WHERE job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.single()).isEqualTo("FAILED recovered by another node " + recoveredVersion);
	}

	private Step step(String name, Runnable work) {
		return new StepBuilder(name, this.repository).tasklet((contribution, context) -> {
			work.run();
			return RepeatStatus.FINISHED;
		}, this.transactions).build();
	}

	private static JobParameters parameters() {
		return new JobParametersBuilder().addString("id", UUID.randomUUID().toString()).toJobParameters();
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released within 60 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static java.util.List<Throwable> causes(Throwable failure) {
		java.util.List<Throwable> chain = new java.util.ArrayList<>();
		for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
			chain.add(t);
		}
		return chain;
	}

}
