package io.sermonflow.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.control.RunActions;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code ./sermonflow bench engine} (issue 3): engine overhead per task, throughput and
 * commits per task against a bare Spring Batch job on the same database, and both again
 * with 100,000 earlier executions in the job repository. Runs the whole application in
 * this process against its own database; prints a Markdown table.
 */
public final class EngineBench {

	private static final int RUNS = Integer.getInteger("bench.runs", 1000);

	private static final int OVERHEAD_RUNS = Integer.getInteger("bench.overheadRuns", 30);

	private static final int HISTORY = Integer.getInteger("bench.history", 100_000);

	private static final int WARMUP = Integer.getInteger("bench.warmup", 1000);

	private static final int THREADS = 2;

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class)
			.properties(
					Map.of("server.port", "0", "sermonflow.workers", String.valueOf(THREADS), "sermonflow.sqs.queue",
							"bench-events-" + UUID.randomUUID(), "sermonflow.sqs.dlq", "bench-dlq-" + UUID.randomUUID(),
							"logging.level.org.springframework.batch", "WARN", "logging.level.io.sermonflow", "WARN"))
			.run();
		try {
			// the vocabulary build alone took most of the machine's CPU samples through
			// the
			// first measurements, and which of them it overlapped decided the ratios
			FirstStartWork.await(app, 20);
			EngineBench bench = new EngineBench(app);
			bench.warmUp();
			double overheadMs = bench.overheadPerTaskMs();
			double stockStepMs = bench.bareStepMs(true);
			double bareStepMs = bench.bareStepMs(false);
			Result sermonflow = bench.sermonflowThroughput();
			Result stock = bench.bareBatchThroughput(true);
			Result bare = bench.bareBatchThroughput(false);
			Result quartz = bench.quartzThroughput();
			Result dbScheduler = bench.dbSchedulerThroughput();
			bench.addHistory(HISTORY);
			Result sermonflowHistory = bench.sermonflowThroughput();
			Result stockHistory = bench.bareBatchThroughput(true);
			System.out.println();
			System.out.println("| measure | Sermonflow | bare Spring Batch, stock | ratio | "
					+ "bare Spring Batch on our lean repository | ratio | target |");
			System.out.println("|---|---|---|---|---|---|---|");
			System.out.printf("| engine overhead per task, median of %d ten-task runs | %.2f ms | | | | | ≤ 5 ms |%n",
					OVERHEAD_RUNS, overheadMs);
			System.out.printf("| for scale: a bare 10-step job launched alone, per step, median of %d | | %.2f ms | | "
					+ "%.2f ms | | |%n", OVERHEAD_RUNS, stockStepMs, bareStepMs);
			System.out.printf("| runs/s, %d three-task runs, %d workers | %.1f | %.1f | %.2f | %.1f | %.2f | ≥ 1.0 |%n",
					RUNS, THREADS, sermonflow.runsPerSecond(), stock.runsPerSecond(),
					sermonflow.runsPerSecond() / stock.runsPerSecond(), bare.runsPerSecond(),
					sermonflow.runsPerSecond() / bare.runsPerSecond());
			System.out.printf("| database commits per task | %.1f | %.1f | %+.1f | %.1f | %+.1f | ≤ +3 |%n",
					sermonflow.commitsPerTask(), stock.commitsPerTask(),
					sermonflow.commitsPerTask() - stock.commitsPerTask(), bare.commitsPerTask(),
					sermonflow.commitsPerTask() - bare.commitsPerTask());
			System.out.printf(
					"| for scale, measured the same way: Quartz as the application runs it (clustered JDBC "
							+ "store), %d one-shot no-op jobs: jobs/s, commits per job | %.1f, %.1f | | | | | |%n",
					RUNS, quartz.runsPerSecond(), quartz.commitsPerTask());
			System.out.printf(
					"| for scale, measured the same way: db-scheduler 16.7.1 (%d threads, 100 ms polling), "
							+ "%d one-time no-op tasks: tasks/s, commits per task | %.1f, %.1f | | | | | |%n",
					THREADS, RUNS, dbScheduler.runsPerSecond(), dbScheduler.commitsPerTask());
			System.out.printf("| runs/s with %,d earlier executions | %.1f | %.1f | %.2f | | | |%n", HISTORY,
					sermonflowHistory.runsPerSecond(), stockHistory.runsPerSecond(),
					sermonflowHistory.runsPerSecond() / stockHistory.runsPerSecond());
			System.out.printf("| history ratio (runs/s with history ÷ without) | %.2f | %.2f | | | | ≥ 0.8 |%n",
					sermonflowHistory.runsPerSecond() / sermonflow.runsPerSecond(),
					stockHistory.runsPerSecond() / stock.runsPerSecond());
		}
		finally {
			app.close();
		}
	}

	private final ConfigurableApplicationContext app;

	private final RunActions actions;

	private final JdbcClient jdbc;

	private final JobOperator jobOperator;

	private final Job bareJob;

	private final Job bareTenSteps;

	/** Stock Spring Batch: its own JDBC repository, every commit durable. */
	private final JobOperator stockOperator;

	private final Job stockJob;

	private final Job stockTenSteps;

	private EngineBench(ConfigurableApplicationContext app) {
		this.app = app;
		this.actions = app.getBean(RunActions.class);
		this.jdbc = app.getBean(JdbcClient.class);
		this.jobOperator = app.getBean(JobOperator.class);
		JobRepository repository = app.getBean(JobRepository.class);
		PlatformTransactionManager tm = app.getBean(PlatformTransactionManager.class);
		this.bareJob = threeSteps("bench-bare", repository, tm);
		this.bareTenSteps = tenSteps("bench-bare-10", repository, tm);
		try {
			JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
			factory.setDataSource(app.getBean(DataSource.class));
			factory.setTransactionManager(tm);
			factory.setIsolationLevelForCreateEnum(Isolation.READ_COMMITTED);
			factory.afterPropertiesSet();
			JobRepository stock = factory.getObject();
			TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
			operator.setJobRepository(stock);
			operator.setJobRegistry(new MapJobRegistry());
			operator.afterPropertiesSet();
			this.stockOperator = operator;
			this.stockJob = threeSteps("bench-stock", stock, tm);
			this.stockTenSteps = tenSteps("bench-stock-10", stock, tm);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Job threeSteps(String name, JobRepository repository, PlatformTransactionManager tm) {
		List<Step> steps = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			steps.add(
					new StepBuilder(name + "_" + i, repository).tasklet((c, ctx) -> RepeatStatus.FINISHED, tm).build());
		}
		return new JobBuilder(name, repository).start(steps.get(0)).next(steps.get(1)).next(steps.get(2)).build();
	}

	private static Job tenSteps(String name, JobRepository repository, PlatformTransactionManager tm) {
		var ten = new JobBuilder(name, repository)
			.start(new StepBuilder(name + "_1", repository).tasklet((c, ctx) -> RepeatStatus.FINISHED, tm).build());
		for (int i = 2; i <= 10; i++) {
			ten = ten.next(
					new StepBuilder(name + "_" + i, repository).tasklet((c, ctx) -> RepeatStatus.FINISHED, tm).build());
		}
		return ten.build();
	}

	/**
	 * Runs each measured path until the JIT has compiled it: with 50 runs each, the first
	 * measured runs of ours still took twice as long as the later ones, and the ratio to
	 * Spring Batch (measured after them) swung from run to run.
	 */
	private void warmUp() throws InterruptedException {
		String tag = UUID.randomUUID().toString();
		for (int i = 0; i < WARMUP; i++) {
			this.actions.trigger("demo-noop", Map.of("tasks", 3, "bench", tag));
		}
		awaitEnded(tag, WARMUP, new AtomicInteger());
		for (int i = 0; i < WARMUP; i++) {
			launch(this.jobOperator, this.bareJob);
			launch(this.stockOperator, this.stockJob);
		}
	}

	/**
	 * A 10-task run's wall time over its tasks' own time (0 ms each), per task; the
	 * median.
	 */
	private double overheadPerTaskMs() throws InterruptedException {
		List<Double> perTask = new ArrayList<>();
		for (int i = 0; i < OVERHEAD_RUNS; i++) {
			String tag = UUID.randomUUID().toString();
			this.actions.trigger("demo-noop", Map.of("tasks", 10, "sleepMs", 0, "bench", tag));
			awaitEnded(tag, 1, new AtomicInteger());
			Map<String, Object> run = this.jdbc.sql("SELECT started_at, ended_at FROM sf_run WHERE data->>'bench' = ?")
				.param(tag)
				.query()
				.singleRow();
			Instant started = ((java.sql.Timestamp) run.get("started_at")).toInstant();
			Instant ended = ((java.sql.Timestamp) run.get("ended_at")).toInstant();
			perTask.add(Duration.between(started, ended).toNanos() / 1e6 / 10);
		}
		return Stats.median(perTask);
	}

	/**
	 * A plain 10-step no-op job launched alone: Spring Batch's own cost per step on this
	 * machine.
	 */
	private double bareStepMs(boolean stock) {
		List<Double> perStep = new ArrayList<>();
		for (int i = 0; i < OVERHEAD_RUNS; i++) {
			long start = System.nanoTime();
			launch(stock ? this.stockOperator : this.jobOperator, stock ? this.stockTenSteps : this.bareTenSteps);
			perStep.add((System.nanoTime() - start) / 1e6 / 10);
		}
		return Stats.median(perStep);
	}

	private Result sermonflowThroughput() throws InterruptedException {
		String tag = UUID.randomUUID().toString();
		AtomicInteger polls = new AtomicInteger();
		long commitsBefore = commits();
		long start = System.nanoTime();
		for (int i = 0; i < RUNS; i++) {
			this.actions.trigger("demo-noop", Map.of("tasks", 3, "bench", tag));
		}
		awaitEnded(tag, RUNS, polls);
		double seconds = (System.nanoTime() - start) / 1e9;
		long commits = commits() - commitsBefore - polls.get() - 1;
		return new Result(RUNS / seconds, commits / (RUNS * 3.0));
	}

	private Result bareBatchThroughput(boolean stock) throws InterruptedException {
		long commitsBefore = commits();
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		for (int i = 0; i < RUNS; i++) {
			pool.execute(
					() -> launch(stock ? this.stockOperator : this.jobOperator, stock ? this.stockJob : this.bareJob));
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.HOURS);
		double seconds = (System.nanoTime() - start) / 1e9;
		long commits = commits() - commitsBefore - 1;
		return new Result(RUNS / seconds, commits / (RUNS * 3.0));
	}

	/**
	 * Quartz as the application runs it (clustered JDBC store, its thread pool): one-shot
	 * jobs of a no-op, each fired at once, until they are gone from its tables; commits
	 * counted as for our runs.
	 */
	private Result quartzThroughput() throws Exception {
		org.quartz.Scheduler quartz = this.app.getBean(org.quartz.Scheduler.class);
		String group = "bench-" + UUID.randomUUID();
		NoopQuartzJob.done = new java.util.concurrent.CountDownLatch(RUNS);
		AtomicInteger polls = new AtomicInteger();
		long commitsBefore = commits();
		long start = System.nanoTime();
		for (int i = 0; i < RUNS; i++) {
			quartz.scheduleJob(
					org.quartz.JobBuilder.newJob(NoopQuartzJob.class).withIdentity("noop-" + i, group).build(),
					org.quartz.TriggerBuilder.newTrigger().withIdentity("noop-" + i, group).startNow().build());
		}
		if (!NoopQuartzJob.done.await(20, TimeUnit.MINUTES)) {
			throw new IllegalStateException("Quartz's jobs did not run in time");
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		while (!quartz.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(group)).isEmpty()) {
			polls.incrementAndGet();
			Thread.sleep(100);
		}
		long commits = commits() - commitsBefore - polls.get() - 1;
		return new Result(RUNS / seconds, commits / (double) RUNS);
	}

	/** A Quartz job that does nothing but say it ran. */
	public static class NoopQuartzJob implements org.quartz.Job {

		static volatile java.util.concurrent.CountDownLatch done;

		@Override
		public void execute(org.quartz.JobExecutionContext context) {
			done.countDown();
		}

	}

	/**
	 * db-scheduler on the same database, with as many threads as our workers: one-time
	 * no-op tasks due now, until their rows are gone; commits counted as for our runs.
	 */
	private Result dbSchedulerThroughput() throws Exception {
		this.jdbc.sql("""
				CREATE TABLE IF NOT EXISTS scheduled_tasks (
				  task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
				  execution_time timestamp with time zone NOT NULL, picked boolean NOT NULL, picked_by text,
				  last_success timestamp with time zone, last_failure timestamp with time zone,
				  consecutive_failures int, last_heartbeat timestamp with time zone, version bigint NOT NULL,
				  priority smallint, PRIMARY KEY (task_name, task_instance))""").update();
		this.jdbc.sql("CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)").update();
		this.jdbc.sql("CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)").update();
		this.jdbc
			.sql("CREATE INDEX IF NOT EXISTS priority_execution_time_idx"
					+ " ON scheduled_tasks (priority DESC, execution_time ASC)")
			.update();
		java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(RUNS);
		com.github.kagkarlsson.scheduler.task.helper.OneTimeTask<Void> noop = com.github.kagkarlsson.scheduler.task.helper.Tasks
			.oneTime("bench-noop")
			.execute((instance, context) -> done.countDown());
		com.github.kagkarlsson.scheduler.Scheduler scheduler = com.github.kagkarlsson.scheduler.Scheduler
			.create(this.app.getBean(DataSource.class), noop)
			.threads(THREADS)
			.pollingInterval(Duration.ofMillis(100))
			.build();
		scheduler.start();
		try {
			AtomicInteger polls = new AtomicInteger();
			long commitsBefore = commits();
			long start = System.nanoTime();
			for (int i = 0; i < RUNS; i++) {
				scheduler.schedule(noop.instance("noop-" + i), Instant.now());
			}
			if (!done.await(20, TimeUnit.MINUTES)) {
				throw new IllegalStateException("db-scheduler's tasks did not run in time");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			while (this.jdbc.sql("SELECT count(*) FROM scheduled_tasks").query(Long.class).single() > 0) {
				polls.incrementAndGet();
				Thread.sleep(100);
			}
			long commits = commits() - commitsBefore - polls.get() - 1;
			return new Result(RUNS / seconds, commits / (double) RUNS);
		}
		finally {
			scheduler.stop();
		}
	}

	private void launch(JobOperator operator, Job job) {
		try {
			operator.start(job,
					new JobParametersBuilder().addString("id", UUID.randomUUID().toString()).toJobParameters());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes n earlier executions (3 steps each) straight into the job repository's
	 * tables.
	 */
	private void addHistory(int n) {
		this.jdbc.sql("""
				WITH i AS (
				  INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
				  SELECT nextval('batch_job_instance_seq'), 0, 'history', md5(random()::text || g)
				  FROM generate_series(1, :n) g RETURNING job_instance_id)
				INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
				                                 end_time, status, exit_code, exit_message, last_updated)
				SELECT nextval('batch_job_execution_seq'), 2, job_instance_id, now(), now(), now(), 'COMPLETED',
				       'COMPLETED', '', now() FROM i""").param("n", n).update();
		this.jdbc
			.sql("""
					INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
					                                        parameter_value, identifying)
					SELECT e.job_execution_id, 'runId', 'java.lang.String', md5(e.job_execution_id::text), 'Y'
					FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = 'history'
					""")
			.update();
		this.jdbc.sql("""
				INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time,
				       start_time, end_time, status, commit_count, read_count, filter_count, write_count,
				       read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code, exit_message,
				       last_updated)
				SELECT nextval('batch_step_execution_seq'), 3, 'step_' || s, e.job_execution_id, now(), now(), now(),
				       'COMPLETED', 1, 0, 0, 0, 0, 0, 0, 0, 'COMPLETED', '', now()
				FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id),
				     generate_series(1, 3) s WHERE i.job_name = 'history'""").update();
		this.jdbc.sql("ANALYZE").update();
	}

	private void awaitEnded(String tag, int count, AtomicInteger polls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
		while (System.nanoTime() < deadline) {
			polls.incrementAndGet();
			Long ended = this.jdbc
				.sql("SELECT count(*) FROM sf_run WHERE data->>'bench' = ? AND status IN ('SUCCEEDED', 'FAILED')")
				.param(tag)
				.query(Long.class)
				.single();
			if (ended >= count) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("runs did not finish in time");
	}

	/**
	 * Committed transactions of this database so far. Backends report their counts when
	 * idle, so wait for them to flush first.
	 */
	private long commits() throws InterruptedException {
		Thread.sleep(11_000);
		return this.jdbc.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
			.query(Long.class)
			.single();
	}

	private record Result(double runsPerSecond, double commitsPerTask) {
	}

}
