package io.sermonflow.triggers;

import java.time.Duration;
import java.time.Instant;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfills through the API: the dry run's plan, and refusals naming the fault. Their
 * running and cancelling are tested in the engine.
 */
@SermonflowTest
class BackfillTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void a_dry_run_says_when_the_runs_would_start_and_end_and_starts_nothing() {
		this.api.awaitStatus(this.api.trigger("demo-noop", "{\"data\":{\"tasks\":1,\"sleepMs\":200}}"), "SUCCEEDED");
		long backfills = this.jdbc.sql("SELECT count(*) FROM sf_backfill").query(Long.class).single();
		long runs = this.jdbc.sql("SELECT count(*) FROM sf_run WHERE dag_id = 'demo-noop'").query(Long.class).single();

		Api.Reply dry = this.api.post("/api/dags/demo-noop/backfill?dryRun=true",
				"{\"items\":[{\"tasks\":1},{\"tasks\":1},{\"tasks\":1}],\"ratePerMinute\":2}");
		assertThat(dry.status()).as(dry.body()).isEqualTo(200);
		JsonNode plan = dry.json();
		assertThat(plan.get("dryRun").asBoolean()).isTrue();
		assertThat(plan.get("runs").asInt()).isEqualTo(3);
		// two a minute: the third starts a minute after the first
		assertThat(Duration.between(Instant.parse(plan.get("firstStartAt").asString()),
				Instant.parse(plan.get("lastStartAt").asString())))
			.isEqualTo(Duration.ofMinutes(1));
		// the DAG has succeeded before, so the plan knows how long a run takes
		assertThat(plan.get("typicalRunSeconds").isNumber()).as(plan.toString()).isTrue();
		assertThat(Instant.parse(plan.get("estimatedEndAt").asString()))
			.isAfterOrEqualTo(Instant.parse(plan.get("lastStartAt").asString()));
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_backfill").query(Long.class).single()).isEqualTo(backfills);
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_run WHERE dag_id = 'demo-noop'").query(Long.class).single())
			.isEqualTo(runs);
		assertThat(this.api.post("/api/dags/demo-noop/backfill?dryRun=true", "{\"items\":[{}],\"ratePerMinute\":0}")
			.status()).isEqualTo(400);
	}

	@Test
	void bad_backfills_are_400s_and_unknown_ones_404s() {
		assertThat(this.api.post("/api/dags/demo-noop/backfill", "{\"items\":[],\"ratePerMinute\":5}")
			.json()
			.get("detail")
			.asString()).contains("\"items\"");
		assertThat(this.api.post("/api/dags/demo-noop/backfill", "{\"items\":[{}],\"ratePerMinute\":0}")
			.json()
			.get("detail")
			.asString()).contains("\"ratePerMinute\"");
		assertThat(this.api.post("/api/dags/demo-noop/backfill", "{\"items\":[1],\"ratePerMinute\":5}").status())
			.isEqualTo(400);
		assertThat(this.api.post("/api/dags/demo-noop/backfill", "{\"ratePerMinute\":5}").status()).isEqualTo(400);
		assertThat(this.api.post("/api/dags/no-such-dag/backfill", "{\"items\":[{}],\"ratePerMinute\":5}").status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/backfills/no-such-backfill").status()).isEqualTo(404);
		assertThat(this.api.post("/api/backfills/no-such-backfill/cancel", "").status()).isEqualTo(404);
	}

}
