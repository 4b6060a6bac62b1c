package io.sermonflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.run.RunStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * {@code ./sermonflow bench console} (issue 8): how long the console takes to answer its
 * busiest pages with 100,000 runs (300,000 tasks) in the database, timed at a signed-in
 * client over loopback, so the figure includes HTTP and is an upper bound of the render.
 */
public final class ConsoleBench {

	private static final int RUNS = Integer.getInteger("bench.runs", 100_000);

	private static final int REQUESTS = Integer.getInteger("bench.requests", 200);

	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class).run(
				"--server.port=0", "--logging.level.io.sermonflow=WARN",
				"--logging.level.org.springframework.batch=WARN", "--sermonflow.admin-password=bench-admin-pass")) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			long started = System.nanoTime();
			history(jdbc);
			System.out.printf("inserted %d runs in %.0f s%n", RUNS, (System.nanoTime() - started) / 1e9);
			// one real run through the engine, so its page has Spring Batch's attempts
			Api api = Api.basic(port, "admin", "bench-admin-pass");
			String runId = api.trigger("demo-noop", "{\"data\":{\"tasks\":10,\"sleepMs\":1}}");
			RunStore runs = app.getBean(RunStore.class);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> runs.find(runId).orElseThrow().status().isTerminal());
			ConsoleSession console = ConsoleSession.signIn(port, "admin", "bench-admin-pass");
			Map<String, String> pages = new LinkedHashMap<>();
			pages.put("runs list (newest 50)", "/console/runs");
			pages.put("runs list, FAILED in 7 days", "/console/runs?status=FAILED&since=7d");
			pages.put("runs list, a page deep in history", "/console/runs?before=2026-11-10T00:00:00Z");
			pages.put("run detail (10 tasks)", "/console/runs/" + runId);
			pages.put("run detail (history run)", "/console/runs/bench-5000");
			pages.put("dashboard", "/console");
			pages.put("failures", "/console/failures");
			System.out.println();
			System.out.println("| page | p50 | p95 | max | requests | target |");
			System.out.println("|---|---|---|---|---|---|");
			for (Map.Entry<String, String> page : pages.entrySet()) {
				for (int i = 0; i < 20; i++) {
					check(console.get(page.getValue()).statusCode(), page.getValue());
				}
				List<Double> millis = new ArrayList<>();
				for (int i = 0; i < REQUESTS; i++) {
					long start = System.nanoTime();
					check(console.get(page.getValue()).statusCode(), page.getValue());
					millis.add((System.nanoTime() - start) / 1e6);
				}
				System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %d | p95 ≤ 200 ms |%n", page.getKey(),
						Stats.percentile(millis, 50), Stats.percentile(millis, 95), Stats.percentile(millis, 100),
						REQUESTS);
			}
		}
	}

	private static void check(int status, String path) {
		if (status != 200) {
			throw new IllegalStateException(path + " answered " + status);
		}
	}

	/**
	 * Runs over the last 23 days, one every 20 s: mostly succeeded, one in 20 failed with
	 * one of three errors, some retried or cancelled; three tasks each.
	 */
	private static void history(JdbcClient jdbc) {
		jdbc.sql(
				"""
						INSERT INTO sf_run (run_id, dag_id, status, data, attempt, max_attempts, created_at, started_at, ended_at, error)
						SELECT 'bench-' || g, (ARRAY['sermon-ingest', 'sermon-reembed', 'demo-flaky'])[1 + g % 3],
						       CASE WHEN g % 20 = 0 THEN 'FAILED' WHEN g % 50 = 1 THEN 'CANCELLED' ELSE 'SUCCEEDED' END,
						       jsonb_build_object('sermonId', 'bench-' || g), 1 + (g % 7 = 0)::int, 4,
						       now() - g * interval '20 seconds', now() - g * interval '20 seconds' + interval '1 second',
						       now() - g * interval '20 seconds' + interval '9 seconds',
						       CASE WHEN g % 20 = 0 THEN 'task failed' END
						FROM generate_series(1, :runs) AS g""")
			.param("runs", RUNS)
			.update();
		jdbc.sql(
				"""
						INSERT INTO sf_task (run_id, task_id, position, status, attempts, started_at, ended_at, output,
						                     error_type, error_message)
						SELECT r.run_id, t.task, t.position,
						       CASE WHEN r.status = 'FAILED' AND t.position = 2 THEN 'FAILED'
						            WHEN r.status = 'CANCELLED' AND t.position = 2 THEN 'CANCELLED' ELSE 'SUCCEEDED' END,
						       1, r.started_at + t.position * interval '2 seconds', r.started_at + (t.position + 1) * interval '2 seconds',
						       '{"ok":true}'::jsonb,
						       CASE WHEN r.status = 'FAILED' AND t.position = 2
						            THEN (ARRAY['io.sermonflow.error.RetryableException', 'java.io.IOException',
						                        'io.sermonflow.error.PermanentException'])[1 + (hashtext(r.run_id) & 2)] END,
						       CASE WHEN r.status = 'FAILED' AND t.position = 2 THEN 'Elasticsearch is unavailable' END
						FROM sf_run r CROSS JOIN (VALUES ('fetch', 0), ('process', 1), ('publish', 2)) AS t(task, position)
						WHERE r.run_id LIKE 'bench-%'""")
			.update();
		jdbc.sql("ANALYZE sf_run").update();
		jdbc.sql("ANALYZE sf_task").update();
	}

}
