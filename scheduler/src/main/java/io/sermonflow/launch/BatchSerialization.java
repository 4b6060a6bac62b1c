package io.sermonflow.launch;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch stores step and job execution contexts as JSON, with only JDK value types
 * and Spring Batch's own allowed, instead of Java serialization: a row in the job
 * repository is never a way to make the application instantiate a class of an attacker's
 * choosing. Ours hold only strings and numbers (a task's decision, a chunk's position).
 */
@Configuration(proxyBeanMethods = false)
class BatchSerialization {

	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

}
