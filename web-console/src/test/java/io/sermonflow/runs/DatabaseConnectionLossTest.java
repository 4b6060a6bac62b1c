package io.sermonflow.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sermonflow.launch.TaskSlots;
import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL connections killed mid-run ({@code pg_terminate_backend}): runs resume by
 * themselves.
 */
@SermonflowTest
class DatabaseConnectionLossTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TaskSlots slots;

	@Test
	void runs_resume_after_every_database_connection_is_killed() {
		Api api = Api.admin(this.port);
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			runIds.add(api.trigger("demo-noop", "{\"data\":{\"tasks\":4,\"sleepMs\":300}}"));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_task WHERE run_id IN (:ids) AND status = 'SUCCEEDED'")
				.param("ids", runIds)
				.query(Long.class)
				.single() >= 2);
		Long killed = this.jdbc.sql("""
				SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()""").query(Long.class).single();
		assertThat(killed).isPositive();
		await().atMost(Duration.ofSeconds(90)).until(() -> runIds.stream().allMatch((id) -> {
			Api.Reply reply = api.get("/api/runs/" + id);
			return reply.status() == 200 && "SUCCEEDED".equals(reply.json().get("status").asString());
		}));
		// no task slot was lost to a step whose end could not be recorded
		await().atMost(Duration.ofSeconds(60)).until(() -> this.slots.workers().free() == this.slots.capacity());
	}

}
