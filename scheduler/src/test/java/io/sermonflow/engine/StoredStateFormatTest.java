package io.sermonflow.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.sermonflow.control.RunActions;
import io.sermonflow.run.RetryTimers;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine leaves in the database for Spring Batch and Quartz to read back is text
 * (JSON, properties), never serialized Java objects: reading a row must not be able to
 * make the application build an object of someone else's choosing.
 */
@EngineTest
class StoredStateFormatTest {

	/** The first bytes of every Java-serialized stream, raw and in base64. */
	private static final String JAVA_SERIALIZED_BASE64 = "rO0AB";

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RetryTimers retryTimers;

	@Test
	void step_contexts_are_json() {
		String runId = this.actions.trigger("test-memo", Map.of("neverFail", true));
		Runs.awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		List<String> contexts = this.jdbc.sql("""
				SELECT c.short_context FROM batch_step_execution_context c
				JOIN batch_step_execution s ON s.step_execution_id = c.step_execution_id
				JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
				WHERE p.parameter_value = ?""").param(runId).query(String.class).list();
		assertThat(contexts).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((context) -> assertThat(context).startsWith("{").doesNotContain(JAVA_SERIALIZED_BASE64));
		List<String> jobContexts = this.jdbc.sql("SELECT short_context FROM batch_job_execution_context")
			.query(String.class)
			.list();
		assertThat(jobContexts).allSatisfy((context) -> assertThat(context).doesNotStartWith(JAVA_SERIALIZED_BASE64));
	}

	@Test
	void quartz_job_data_is_stored_as_properties() {
		String runId = "format-test-" + Instant.now().toEpochMilli();
		this.retryTimers.schedule(runId, Instant.now().plus(1, ChronoUnit.DAYS));
		try {
			byte[] data = this.jdbc.sql("SELECT job_data FROM qrtz_job_details WHERE job_name = ?")
				.param(runId)
				.query(byte[].class)
				.single();
			assertThat(data).isNotEmpty();
			assertThat(data[0]).as("not a Java-serialized stream (0xACED)").isNotEqualTo((byte) 0xAC);
			assertThat(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("runId=" + runId);
		}
		finally {
			this.retryTimers.cancel(runId);
		}
	}

}
