package io.sermonflow.launch;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.BatchConfigurationException;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring Batch's configuration, in place of Spring Boot's: the job repository on the
 * application's PostgreSQL (its tables come from Flyway, {@code V001__spring_batch.sql}),
 * made lean ({@link LeanJobRepository}), on connections of its own for its writes outside
 * a step ({@link BookkeepingConnections}).
 * <ul>
 * <li>Execution contexts are stored as JSON, with only JDK value types and Spring Batch's
 * own allowed, instead of Java serialization: a row in the job repository is never a way
 * to make the application instantiate a class of an attacker's choosing. Ours hold only
 * strings and numbers (a task's decision, a chunk's position).</li>
 * <li>Job and step executions are created in the database's default isolation (READ
 * COMMITTED on PostgreSQL), not Spring Batch's SERIALIZABLE (the repository's
 * transactions are {@link LeanJobRepository.FactoryBean}'s): one launcher per run is
 * guaranteed by our claim, and SERIALIZABLE creation only adds serialization failures
 * between concurrent runs. Naming no level also spares the round trip that reads the
 * connection's level before each creation.</li>
 * <li>The operator does not check that no transaction is active when a job starts: the
 * launcher checks itself that no job starts inside a transaction.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class BatchConfiguration extends JdbcDefaultBatchConfiguration implements DisposableBean {

	private final Clock clock;

	private final BookkeepingConnections bookkeeping;

	BatchConfiguration(Clock clock, DataSource dataSource,
			@Value("${sermonflow.batch.async-bookkeeping:true}") boolean relaxed) {
		this.clock = clock;
		this.bookkeeping = BookkeepingConnections.of(dataSource, relaxed);
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
			factory.setValidateTransactionState(getValidateTransactionState());
			factory.afterPropertiesSet();
			return factory.getObject();
		}
		catch (Exception ex) {
			throw new BatchConfigurationException("Unable to configure the job repository", ex);
		}
	}

	@Override
	protected JdbcOperations getJdbcOperations() {
		return new JdbcTemplate(this.bookkeeping);
	}

	@Override
	public void destroy() {
		this.bookkeeping.close();
	}

	@Override
	protected ExecutionContextSerializer getExecutionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

	@Override
	protected boolean getValidateTransactionState() {
		return false;
	}

}
