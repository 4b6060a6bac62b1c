package io.sermonflow.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Backfills: a run per item at a bounded rate, one visible group, cancellable. */
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
	void a_backfill_runs_every_item_no_faster_than_its_rate_and_shows_its_progress() {
		Api.Reply reply = this.api.post("/api/dags/demo-noop/backfill",
				"{\"items\":[{\"tasks\":1},{\"tasks\":1},{\"tasks\":1},{\"tasks\":1},{\"tasks\":2}],\"ratePerMinute\":120}");
		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.json().get("runs").asInt()).isEqualTo(5);
		String id = reply.json().get("backfillId").asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get("/api/backfills/" + id).json().get("finished").asInt() == 5);
		JsonNode backfill = this.api.get("/api/backfills/" + id).json();
		assertThat(backfill.get("runs").get("SUCCEEDED").asInt()).isEqualTo(5);
		assertThat(backfill.get("progress").get("total").asInt()).isEqualTo(5);

		assertThat(this.api.get("/api/runs?backfill=" + id + "&limit=100").json()).hasSize(5);
		// no run starts before its turn: 120 a minute is one every 500 ms
		List<Instant[]> turns = this.jdbc
			.sql("SELECT not_before, started_at FROM sf_run WHERE backfill_id = ? ORDER BY not_before")
			.param(id)
			.query((rs, i) -> new Instant[] { rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant() })
			.list();
		assertThat(turns).hasSize(5);
		for (int i = 0; i < turns.size(); i++) {
			assertThat(turns.get(i)[1]).isAfterOrEqualTo(turns.get(i)[0]);
			if (i > 0) {
				assertThat(Duration.between(turns.get(i - 1)[0], turns.get(i)[0])).isEqualTo(Duration.ofMillis(500));
			}
		}
	}

	@Test
	void cancelling_a_backfill_cancels_the_runs_that_have_not_started() {
		StringBuilder items = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			items.append((i > 0) ? "," : "").append("{\"tasks\":1}");
		}
		String id = this.api.post("/api/dags/demo-noop/backfill", "{\"items\":[" + items + "],\"ratePerMinute\":6}")
			.json()
			.get("backfillId")
			.asString();
		JsonNode waiting = this.api.get("/api/runs?backfill=" + id + "&status=QUEUED&limit=1").json().get(0);
		assertThat(this.api.get("/api/runs/" + waiting.get("runId").asString()).json().get("waitingReason").asString())
			.startsWith("backfill " + id + ": starts at");
		JsonNode cancelled = this.api.post("/api/backfills/" + id + "/cancel", "").json();
		assertThat(cancelled.get("cancelledNow").asInt()).isGreaterThanOrEqualTo(18);
		assertThat(cancelled.get("cancelledAt").isNull()).isFalse();
		assertThat(cancelled.get("runs").has("QUEUED")).isFalse();
		assertThat(cancelled.get("runs").get("CANCELLED").asInt()).isEqualTo(cancelled.get("cancelledNow").asInt());
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
