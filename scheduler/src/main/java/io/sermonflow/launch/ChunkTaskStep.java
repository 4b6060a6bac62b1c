package io.sermonflow.launch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sermonflow.dag.ChunkSpec;
import io.sermonflow.dag.TaskContext;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.run.Claim;
import io.sermonflow.run.LostClaimException;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A chunk-oriented task as a Spring Batch chunk step for one run. The reader checkpoints
 * how many items it handed out in the step's execution context with every chunk commit; a
 * restart reopens the source and skips that many, so committed chunks are not written
 * again. Each chunk commits under the run's claim, so a node that lost the run commits no
 * chunk. Cancellation is honoured between chunks; the task's code runs under its watch,
 * which stops it at its timeout.
 */
final class ChunkTaskStep<I, O> extends TaskStepListener {

	private static final String POSITION = "sermonflow.position";

	private final ChunkSpec<I, O> spec;

	private final String runId;

	private ChunkSpec.Items<I> items;

	private long position;

	/** Whether the source ran out, as opposed to the step being interrupted. */
	private boolean exhausted;

	@SuppressWarnings("unchecked")
	private ChunkTaskStep(TaskSpec task, TaskSteps steps, String runId) {
		super(task, steps);
		this.spec = (ChunkSpec<I, O>) task.chunk();
		this.runId = runId;
	}

	static Step build(TaskSpec task, TaskSteps steps, String runId, JobRepository jobRepository,
			PlatformTransactionManager transactionManager) {
		return new ChunkTaskStep<>(task, steps, runId).step(jobRepository, transactionManager);
	}

	private Step step(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		TaskContext context = steps().contextFor(this.runId, task().id());
		ChunkOrientedStepBuilder<I, O> builder = new ChunkOrientedStepBuilder<I, O>(task().id(), jobRepository,
				this.spec.commitInterval())
			.transactionManager(transactionManager)
			.reader(new Reader(context))
			.processor(processor(context))
			.writer(writer(context))
			.interruptionPolicy(this::checkCancelled);
		builder.listener(this);
		if (this.spec.retryLimit() > 0 || this.spec.skipLimit() > 0) {
			builder.faultTolerant();
			if (this.spec.retryLimit() > 0) {
				builder.retry(RetryableException.class).retryLimit(this.spec.retryLimit());
			}
			if (this.spec.skipLimit() > 0) {
				builder.skip(PermanentException.class).skipLimit(this.spec.skipLimit());
			}
		}
		return builder.build();
	}

	private void checkCancelled(StepExecution stepExecution) throws JobInterruptedException {
		if (steps().runs().isCancelRequested(this.runId)) {
			throw new JobInterruptedException("Run " + this.runId + " was cancelled");
		}
	}

	/** Runs the task's own code under its watch. */
	private <T> T watched(Callable<T> code) throws Exception {
		TaskWatch watch = steps().attempt(this.runId).watch(task().id());
		watch.enter();
		try {
			return code.call();
		}
		catch (Exception ex) {
			throw watch.isStopped() ? watch.failure() : ex;
		}
		finally {
			watch.exit();
		}
	}

	private ItemProcessor<I, O> processor(TaskContext context) {
		return (item) -> watched(() -> this.spec.processor().process(item, context));
	}

	private ItemWriter<O> writer(TaskContext context) {
		return (Chunk<? extends O> chunk) -> {
			RunAttempt attempt = steps().attempt(this.runId);
			try (var mdcRun = MDC.putCloseable("runId", this.runId);
					var mdcTask = MDC.putCloseable("taskId", task().id());
					var mdcEpoch = MDC.putCloseable("epoch", Long.toString(attempt.claim().epoch()))) {
				// the chunk commits only while this node holds the run
				steps().runs().hold(attempt.claim());
				List<? extends O> out = chunk.getItems();
				watched(() -> {
					this.spec.sink().write(out, context);
					return null;
				});
				long total = (this.items != null) ? this.items.total() : -1;
				context.progress(this.position, Math.max(total, this.position));
			}
		};
	}

	/**
	 * Spring Batch 6's chunk step ends COMPLETED when its interruption policy fires, with
	 * the rest of the items never read. A cancelled step that did not reach the end of
	 * its source is STOPPED instead, so the job stops restartably and the task shows
	 * CANCELLED.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED && !this.exhausted
				&& decisionOf(stepExecution.getExecutionContext()) == Decision.RUN
				&& steps().runs().isCancelRequested(this.runId)) {
			stepExecution.upgradeStatus(BatchStatus.STOPPED);
			super.afterStep(stepExecution);
			return ExitStatus.STOPPED;
		}
		return super.afterStep(stepExecution);
	}

	@Override
	protected void onCompleted(Claim claim, StepExecution stepExecution) {
		Map<String, Object> result = new java.util.LinkedHashMap<>(this.spec.labels());
		result.put("read", stepExecution.getReadCount());
		result.put("written", stepExecution.getWriteCount());
		result.put("skipped", stepExecution.getSkipCount());
		result.put("chunks", stepExecution.getCommitCount());
		try {
			steps().runs().taskSucceeded(claim, task().id(), steps().json().writeValueAsString(result));
		}
		catch (LostClaimException ex) {
			steps().attempt(claim.runId()).lose();
		}
	}

	/** Reads from the task's source, remembering how far it got. */
	private final class Reader implements ItemStreamReader<I> {

		private final TaskContext context;

		private boolean memoised;

		Reader(TaskContext context) {
			this.context = context;
		}

		@Override
		public void open(ExecutionContext executionContext) {
			this.memoised = decisionOf(executionContext) != Decision.RUN;
			if (this.memoised) {
				return;
			}
			long resumeAt = executionContext.getLong(POSITION, 0L);
			try {
				ChunkTaskStep.this.items = watched(() -> ChunkTaskStep.this.spec.source().open(this.context));
				watched(() -> {
					for (long i = 0; i < resumeAt && ChunkTaskStep.this.items.next() != null; i++) {
						// skip what the committed chunks of an earlier attempt already
						// handled
					}
					return null;
				});
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new ItemStreamException("Could not open the items of task " + task().id(), ex);
			}
			ChunkTaskStep.this.position = resumeAt;
		}

		@Override
		public I read() throws Exception {
			if (this.memoised || ChunkTaskStep.this.items == null) {
				ChunkTaskStep.this.exhausted = true;
				return null;
			}
			I item = watched(ChunkTaskStep.this.items::next);
			if (item != null) {
				ChunkTaskStep.this.position++;
			}
			else {
				ChunkTaskStep.this.exhausted = true;
			}
			return item;
		}

		@Override
		public void update(ExecutionContext executionContext) {
			executionContext.putLong(POSITION, ChunkTaskStep.this.position);
		}

		@Override
		public void close() {
			if (ChunkTaskStep.this.items != null) {
				try {
					ChunkTaskStep.this.items.close();
				}
				catch (Exception ex) {
					throw new ItemStreamException("Could not close the items of task " + task().id(), ex);
				}
			}
		}

	}

}
