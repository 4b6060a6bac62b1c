package io.sermonflow.launch;

import java.time.Clock;

import org.springframework.batch.core.configuration.BatchConfigurationException;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Isolation;

/**
 * Spring Batch's configuration, in place of Spring Boot's: the job repository on the
 * application's PostgreSQL (its tables come from Flyway, {@code V001__spring_batch.sql}),
 * made lean ({@link LeanJobRepository}); its writes outside a step relaxed by
 * {@link AsyncBookkeeping}.
 * <ul>
 * <li>Execution contexts are stored as JSON, with only JDK value types and Spring Batch's
 * own allowed, instead of Java serialization: a row in the job repository is never a way
 * to make the application instantiate a class of an attacker's choosing. Ours hold only
 * strings and numbers (a task's decision, a chunk's position).</li>
 * <li>A job instance is created with READ COMMITTED: one launcher per run is guaranteed
 * by our claim, and SERIALIZABLE creation only adds serialization failures between
 * concurrent runs on PostgreSQL.</li>
 * <li>The operator does not check that no transaction is active when a job starts: its
 * bookkeeping runs in short relaxed transactions of ours, and the launcher checks itself
 * that no job starts inside a transaction.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class BatchConfiguration extends JdbcDefaultBatchConfiguration {

	private final Clock clock;

	BatchConfiguration(Clock clock) {
		this.clock = clock;
	}

	@Bean
	@Override
	public JobRepository jobRepository() throws BatchConfigurationException {
		LeanJobRepository.FactoryBean factory = new LeanJobRepository.FactoryBean(this.clock);
		try {
			factory.setDataSource(getDataSource());
			factory.setTransactionManager(getTransactionManager());
			factory.setDatabaseType(getDatabaseType());
			factory.setIncrementerFactory(getIncrementerFactory());
			factory.setJobKeyGenerator(getJobKeyGenerator());
			factory.setClobType(getClobType());
			factory.setTablePrefix(getTablePrefix());
			factory.setJobInstanceIncrementerName(getJobInstanceIncrementerName());
			factory.setJobExecutionIncrementerName(getJobExecutionIncrementerName());
			factory.setStepExecutionIncrementerName(getStepExecutionIncrementerName());
			factory.setSerializer(getExecutionContextSerializer());
			factory.setConversionService(getConversionService());
			factory.setJdbcOperations(getJdbcOperations());
			factory.setCharset(getCharset());
			factory.setMaxVarCharLength(getMaxVarCharLength());
			factory.setIsolationLevelForCreateEnum(getIsolationLevelForCreate());
			factory.setValidateTransactionState(getValidateTransactionState());
			factory.afterPropertiesSet();
			return factory.getObject();
		}
		catch (Exception ex) {
			throw new BatchConfigurationException("Unable to configure the job repository", ex);
		}
	}

	@Override
	protected ExecutionContextSerializer getExecutionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

	@Override
	protected Isolation getIsolationLevelForCreate() {
		return Isolation.READ_COMMITTED;
	}

	@Override
	protected boolean getValidateTransactionState() {
		return false;
	}

}
