package io.sermonflow.launch;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.dao.AbstractJdbcBatchMetadataDao;
import org.springframework.batch.core.repository.dao.ExecutionContextDao;
import org.springframework.batch.core.repository.dao.JobExecutionDao;
import org.springframework.batch.core.repository.dao.JobInstanceDao;
import org.springframework.batch.core.repository.dao.StepExecutionDao;
import org.springframework.batch.core.repository.dao.jdbc.JdbcJobExecutionDao;
import org.springframework.batch.core.repository.dao.jdbc.JdbcJobInstanceDao;
import org.springframework.batch.core.repository.dao.jdbc.JdbcStepExecutionDao;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.repository.support.SimpleJobRepository;
import org.springframework.batch.core.step.NoSuchStepException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.interceptor.NameMatchTransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Spring Batch's JDBC job repository without the reads it makes before its writes where
 * the engine makes them pointless, and without writing again what it last wrote. Every
 * write it makes is Spring Batch's own; a one-task run costs 43 statements instead of 104
 * (docs/benchmarks.md, "engine"):
 * <ul>
 * <li><b>The status read before every execution update</b> ({@code synchronizeStatus},
 * one {@code SELECT VERSION} per step update and per job update) exists so that a
 * {@code JobOperator.stop} from elsewhere reaches a running job. Nothing stops a job
 * through Spring Batch here: a cancel is the run store's, and reaches the task through
 * its watch and its step's interruption policy. A step interrupted in this JVM still
 * stops its parallel siblings, as the job's status in memory says so. A job execution
 * changed under its running attempt (another node recovered it) now fails that attempt's
 * next write on its version, where Spring Batch would have adopted the other node's
 * status and written over it.</li>
 * <li><b>The existence count before a job execution's update</b>: the update names the
 * row and its version, and fails if either is wrong.</li>
 * <li><b>The last execution and the start count of each step</b> of a job instance this
 * node created for the attempt it runs: there are none before this execution. The node
 * forgets the instance as soon as its execution ends or anyone looks it up by name and
 * parameters, which is how every restart begins, so a restart reads them as before.</li>
 * <li><b>Writes of what it last wrote, unchanged</b>: Spring Batch writes a step's state
 * and context twice at its end (before and after its listeners), a job's context after
 * every step and a job's end twice. What was written is remembered once its transaction
 * commits, so a write rolled back is made again.</li>
 * </ul>
 * Its transactions are Spring Batch's but for reads and updates made outside one, which
 * run alone ({@link FactoryBean}).
 */
final class LeanJobRepository extends SimpleJobRepository {

	/** Job instances created in this JVM whose first execution has not ended. */
	private final Set<Long> fresh = ConcurrentHashMap.newKeySet();

	/**
	 * What this repository last wrote of each running execution and its context, to skip
	 * writing it again unchanged.
	 */
	private final Map<Written, Object> written = new ConcurrentHashMap<>();

	/** The last state written of jobs that ended, for their second end write. */
	private final Map<Long, JobState> ended = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, JobState> eldest) {
			return size() > 1024;
		}
	});

	private final Clock clock;

	private LeanJobRepository(JobInstanceDao instances, JobExecutionDao executions, StepExecutionDao steps,
			ExecutionContextDao contexts, Clock clock) {
		super(instances, executions, steps, contexts);
		this.clock = clock;
	}

	@Override
	public JobInstance createJobInstance(String jobName, JobParameters jobParameters) {
		JobInstance instance = super.createJobInstance(jobName, jobParameters);
		this.fresh.add(instance.getInstanceId());
		return instance;
	}

	@Override
	public JobInstance getJobInstance(String jobName, JobParameters jobParameters) {
		JobInstance instance = super.getJobInstance(jobName, jobParameters);
		if (instance != null) {
			this.fresh.remove(instance.getInstanceId());
		}
		return instance;
	}

	@Override
	public StepExecution getLastStepExecution(JobInstance jobInstance, String stepName) {
		return isFresh(jobInstance) ? null : super.getLastStepExecution(jobInstance, stepName);
	}

	@Override
	public long getStepExecutionCount(JobInstance jobInstance, String stepName) throws NoSuchStepException {
		return isFresh(jobInstance) ? 0 : super.getStepExecutionCount(jobInstance, stepName);
	}

	@Override
	public JobExecution createJobExecution(JobInstance jobInstance, JobParameters jobParameters,
			ExecutionContext executionContext) {
		JobExecution execution = super.createJobExecution(jobInstance, jobParameters, executionContext);
		remember(new Written(Kind.JOB_CONTEXT, execution.getId()), snapshot(execution.getExecutionContext()));
		return execution;
	}

	@Override
	public StepExecution createStepExecution(String stepName, JobExecution jobExecution) {
		StepExecution execution = super.createStepExecution(stepName, jobExecution);
		remember(new Written(Kind.STEP_CONTEXT, execution.getId()), snapshot(execution.getExecutionContext()));
		return execution;
	}

	@Override
	public void update(JobExecution jobExecution) {
		Assert.notNull(jobExecution, "JobExecution cannot be null.");
		if (jobExecution.getStatus() == BatchStatus.STOPPING && jobExecution.getEndTime() != null) {
			jobExecution.upgradeStatus(BatchStatus.STOPPED);
		}
		Written key = new Written(Kind.JOB, jobExecution.getId());
		JobState state = JobState.of(jobExecution);
		if (state.equals(this.written.get(key)) || state.equals(this.ended.get(jobExecution.getId()))) {
			return;
		}
		jobExecution.setLastUpdated(LocalDateTime.now(this.clock));
		getJobExecutionDao().updateJobExecution(jobExecution);
		if (jobExecution.getEndTime() == null) {
			remember(key, JobState.of(jobExecution));
			return;
		}
		// ended: forget it and its steps, but for its second end write
		JobState end = JobState.of(jobExecution);
		afterCommit(() -> this.ended.put(jobExecution.getId(), end));
		this.written.remove(key);
		this.written.remove(new Written(Kind.JOB_CONTEXT, jobExecution.getId()));
		for (StepExecution step : jobExecution.getStepExecutions()) {
			this.written.remove(new Written(Kind.STEP, step.getId()));
			this.written.remove(new Written(Kind.STEP_CONTEXT, step.getId()));
		}
		if (jobExecution.getJobInstance() != null) {
			this.fresh.remove(jobExecution.getJobInstance().getInstanceId());
		}
	}

	@Override
	public void update(StepExecution stepExecution) {
		Assert.notNull(stepExecution, "StepExecution cannot be null.");
		Assert.notNull(stepExecution.getId(), "StepExecution must already be saved (have an id assigned)");
		JobExecution jobExecution = stepExecution.getJobExecution();
		boolean stopping = jobExecution.isStopped() || jobExecution.isStopping();
		Written key = new Written(Kind.STEP, stepExecution.getId());
		if (!stopping && StepState.of(stepExecution).equals(this.written.get(key))) {
			return;
		}
		stepExecution.setLastUpdated(LocalDateTime.now(this.clock));
		if (stopping) {
			getStepExecutionDao().synchronizeStatus(stepExecution);
			stepExecution.setTerminateOnly();
		}
		getStepExecutionDao().updateStepExecution(stepExecution);
		remember(key, StepState.of(stepExecution));
	}

	@Override
	public void updateExecutionContext(StepExecution stepExecution) {
		writeContext(new Written(Kind.STEP_CONTEXT, stepExecution.getId()), stepExecution.getExecutionContext(),
				() -> super.updateExecutionContext(stepExecution), true);
	}

	@Override
	public void updateExecutionContext(JobExecution jobExecution) {
		writeContext(new Written(Kind.JOB_CONTEXT, jobExecution.getId()), jobExecution.getExecutionContext(),
				() -> super.updateExecutionContext(jobExecution), jobExecution.getEndTime() == null);
	}

	/**
	 * Writes a context unless it holds what this repository last wrote of it, and
	 * remembers it while its execution runs.
	 */
	private void writeContext(Written key, ExecutionContext context, Runnable write, boolean running) {
		Map<String, Object> now = snapshot(context);
		if (now.equals(this.written.get(key))) {
			context.clearDirtyFlag();
			return;
		}
		write.run();
		if (running) {
			remember(key, now);
		}
	}

	/**
	 * Remembers what a write wrote once its transaction commits: a write rolled back
	 * leaves nothing remembered, so the next one is made.
	 */
	private void remember(Written key, Object state) {
		this.written.remove(key);
		afterCommit(() -> this.written.put(key, state));
	}

	private static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	private static Map<String, Object> snapshot(ExecutionContext context) {
		return new HashMap<>(context.toMap());
	}

	private boolean isFresh(JobInstance jobInstance) {
		return jobInstance != null && this.fresh.contains(jobInstance.getInstanceId());
	}

	private enum Kind {

		JOB, JOB_CONTEXT, STEP, STEP_CONTEXT

	}

	private record Written(Kind kind, Long id) {
	}

	/** What a job execution's update writes, but for the time of writing. */
	private record JobState(BatchStatus status, ExitStatus exitStatus, LocalDateTime createTime,
			LocalDateTime startTime, LocalDateTime endTime, Integer version) {

		static JobState of(JobExecution execution) {
			return new JobState(execution.getStatus(), execution.getExitStatus(), execution.getCreateTime(),
					execution.getStartTime(), execution.getEndTime(), execution.getVersion());
		}

	}

	/** What a step execution's update writes, but for the time of writing. */
	private record StepState(BatchStatus status, ExitStatus exitStatus, LocalDateTime startTime, LocalDateTime endTime,
			List<Long> counts, Integer version) {

		static StepState of(StepExecution execution) {
			return new StepState(execution.getStatus(), execution.getExitStatus(), execution.getStartTime(),
					execution.getEndTime(),
					List.of(execution.getReadCount(), execution.getWriteCount(), execution.getCommitCount(),
							execution.getRollbackCount(), execution.getFilterCount(), execution.getReadSkipCount(),
							execution.getWriteSkipCount(), execution.getProcessSkipCount()),
					execution.getVersion());
		}

	}

	/**
	 * Spring Batch's job execution DAO without the existence count before each update:
	 * the update names the row and its version, and finds neither if either is wrong.
	 */
	static final class JobExecutions extends JdbcJobExecutionDao {

		private static final String UPDATE = """
				UPDATE %PREFIX%JOB_EXECUTION
				SET START_TIME = ?, END_TIME = ?, STATUS = ?, EXIT_CODE = ?, EXIT_MESSAGE = ?, VERSION = VERSION + 1,
				    CREATE_TIME = ?, LAST_UPDATED = ?
				WHERE JOB_EXECUTION_ID = ? AND VERSION = ?
				""";

		private static final String VERSION = "SELECT VERSION FROM %PREFIX%JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?";

		private final Lock lock = new ReentrantLock();

		private int exitMessageLength = AbstractJdbcBatchMetadataDao.DEFAULT_EXIT_MESSAGE_LENGTH;

		@Override
		public void setExitMessageLength(int exitMessageLength) {
			super.setExitMessageLength(exitMessageLength);
			this.exitMessageLength = exitMessageLength;
		}

		@Override
		public void updateJobExecution(JobExecution execution) {
			Assert.notNull(execution.getId(), "JobExecution ID cannot be null. JobExecution must be saved first");
			Assert.notNull(execution.getVersion(),
					"JobExecution version cannot be null. JobExecution must be saved first");
			String exitDescription = execution.getExitStatus().getExitDescription();
			if (exitDescription != null && exitDescription.length() > this.exitMessageLength) {
				exitDescription = exitDescription.substring(0, this.exitMessageLength);
			}
			Object[] parameters = { timestamp(execution.getStartTime()), timestamp(execution.getEndTime()),
					execution.getStatus().toString(), execution.getExitStatus().getExitCode(), exitDescription,
					timestamp(execution.getCreateTime()), timestamp(execution.getLastUpdated()), execution.getId(),
					execution.getVersion() };
			int[] types = { Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
					Types.TIMESTAMP, Types.TIMESTAMP, Types.BIGINT, Types.INTEGER };
			this.lock.lock();
			try {
				if (getJdbcTemplate().update(getQuery(UPDATE), parameters, types) == 0) {
					List<Integer> current = getJdbcTemplate().queryForList(getQuery(VERSION), Integer.class,
							execution.getId());
					if (current.isEmpty()) {
						throw new IllegalStateException(
								"Invalid JobExecution, ID " + execution.getId() + " not found.");
					}
					throw new OptimisticLockingFailureException(
							"Attempt to update job execution id=" + execution.getId() + " with wrong version ("
									+ execution.getVersion() + "), where current version is " + current.get(0));
				}
				execution.incrementVersion();
			}
			finally {
				this.lock.unlock();
			}
		}

		private static Timestamp timestamp(LocalDateTime time) {
			return (time != null) ? Timestamp.valueOf(time) : null;
		}

	}

	/** Spring Batch's JDBC factory, making a {@link LeanJobRepository} of its DAOs. */
	static final class FactoryBean extends JdbcJobRepositoryFactoryBean {

		private final Clock clock;

		FactoryBean(Clock clock) {
			this.clock = clock;
			setTransactionAttributeSource(transactions());
		}

		/**
		 * Spring Batch's transactions for its repository, but for reads and updates: one
		 * made outside a transaction is one statement, not three or four (begin, the
		 * statement, commit), on the {@link BookkeepingConnections} for it; one made
		 * inside a step's chunk joins its transaction, as before. Creations keep a
		 * transaction of their own, in the database's default isolation.
		 */
		private static NameMatchTransactionAttributeSource transactions() {
			Properties attributes = new Properties();
			attributes.setProperty("create*", "PROPAGATION_REQUIRES_NEW,ISOLATION_DEFAULT");
			attributes.setProperty("getLastJobExecution*", "PROPAGATION_REQUIRES_NEW,ISOLATION_DEFAULT");
			for (String alone : List.of("get*", "find*", "is*", "update*")) {
				attributes.setProperty(alone, "PROPAGATION_SUPPORTS");
			}
			attributes.setProperty("*", "PROPAGATION_REQUIRED");
			NameMatchTransactionAttributeSource source = new NameMatchTransactionAttributeSource();
			source.setProperties(attributes);
			return source;
		}

		@Override
		protected Object getTarget() throws Exception {
			JdbcJobInstanceDao instances = createJobInstanceDao();
			JdbcJobExecutionDao executions = createJobExecutionDao();
			executions.setJobInstanceDao(instances);
			JdbcStepExecutionDao steps = createStepExecutionDao();
			steps.setJobExecutionDao(executions);
			return new LeanJobRepository(instances, executions, steps, createExecutionContextDao(), this.clock);
		}

		/** Spring Batch's own settings (PostgreSQL: CLOB), on {@link JobExecutions}. */
		@Override
		protected JdbcJobExecutionDao createJobExecutionDao() {
			JobExecutions dao = new JobExecutions();
			dao.setJdbcTemplate(this.jdbcOperations);
			dao.setJobExecutionIncrementer(this.incrementerFactory.getIncrementer(this.databaseType,
					this.tablePrefix + this.jobExecutionIncrementerName));
			dao.setTablePrefix(this.tablePrefix);
			dao.setClobTypeToUse((this.clobType != null) ? this.clobType : Types.CLOB);
			dao.setExitMessageLength(this.maxVarCharLengthForExitMessage);
			dao.setConversionService(this.conversionService);
			return dao;
		}

	}

}
