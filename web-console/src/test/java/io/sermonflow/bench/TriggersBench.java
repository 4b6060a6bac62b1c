package io.sermonflow.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.control.DagPauses;
import io.sermonflow.intake.SqsProperties;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./sermonflow bench triggers} (issue 5). (1) Intake throughput: events/s from a
 * filled SQS main queue to recorded events and queued runs, against a raw AWS SDK
 * receive-and-delete loop over the same number of messages on the same ElasticMQ, with as
 * many threads as the intake has pollers. (2) One million pending one-shot timers:
 * application start-up time with them against without, and the lateness of timers that
 * fall due while they are pending.
 */
public final class TriggersBench {

	private static final int EVENTS = Integer.getInteger("bench.events", 5000);

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private static final int TIMERS = Integer.getInteger("bench.timers", 1_000_000);

	private static final int DUE_TIMERS = Integer.getInteger("bench.dueTimers", 200);

	private static final String QUEUE = "bench-events-" + UUID.randomUUID();

	public static void main(String[] args) throws Exception {
		if (Boolean.getBoolean("bench.latenessOnly")) {
			// against a database that already holds the pending timers: for investigating
			try (ConfigurableApplicationContext app = start()) {
				List<Double> lateness = dueTimerLateness(app);
				System.out.printf("| lateness p50 / p99 / max | %.0f / %.0f / %.0f ms |%n",
						Stats.percentile(lateness, 50), Stats.percentile(lateness, 99),
						Stats.percentile(lateness, 100));
			}
			return;
		}
		List<Double> intake = new ArrayList<>();
		List<Double> raw = new ArrayList<>();
		try (ConfigurableApplicationContext app = start()) {
			// runs stay queued: this measures the intake, not the workers
			app.getBean(DagPauses.class).pause("demo-noop", "bench");
			SqsClient sqs = app.getBean(SqsClient.class);
			int pollers = app.getBean(SqsProperties.class).pollers();
			for (int round = 0; round < ROUNDS; round++) {
				raw.add(rawLoop(sqs, pollers));
				intake.add(intakeRound(app, sqs, round));
			}
		}
		System.out.println();
		System.out.println("| measure | median | rounds | target |");
		System.out.println("|---|---|---|---|");
		System.out.printf("| raw SDK receive + batch delete, %d threads, %d messages | %.0f msg/s | %s | |%n",
				pollersOf(), EVENTS, Stats.median(raw), raw);
		System.out.printf("| intake: SQS → event recorded + run queued, %d events | %.0f events/s | %s | |%n", EVENTS,
				Stats.median(intake), intake);
		System.out.printf("| ratio intake ÷ raw (median of per-round ratios) | %.2f | | ≥ 0.5 |%n",
				Stats.ratio(intake, raw));
		timers();
	}

	private static int pollersOf() {
		return Integer.parseInt(System.getProperty("bench.pollers", "4"));
	}

	private static ConfigurableApplicationContext start() {
		// command-line arguments: they win over application.yml, unlike default
		// properties
		return new SpringApplicationBuilder(SermonflowApplication.class).run("--server.port=0",
				"--sermonflow.sqs.queue=" + QUEUE, "--sermonflow.sqs.dlq=" + QUEUE + "-dlq",
				"--logging.level.io.sermonflow=WARN", "--logging.level.org.springframework.batch=WARN",
				"--logging.level.org.quartz=WARN", "--sermonflow.sqs.pollers=" + pollersOf());
	}

	/** Events/s the intake records from a queue filled while it was stopped. */
	private static double intakeRound(ConfigurableApplicationContext app, SqsClient sqs, int round) throws Exception {
		SmartLifecycle intake = (SmartLifecycle) app.getBean("intakeWorker");
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		intake.stop();
		String url = sqs.getQueueUrl((get) -> get.queueName(QUEUE)).queueUrl();
		String tag = "bench-" + round + "-" + UUID.randomUUID();
		fill(sqs, url, (i) -> "{\"name\":\"demo/noop\",\"id\":\"" + tag + "-" + i + "\",\"data\":{\"tasks\":1}}");
		long start = System.nanoTime();
		intake.start();
		while (jdbc.sql("SELECT count(*) FROM sf_run WHERE event_id LIKE ?")
			.param(tag + "-%")
			.query(Long.class)
			.single() < EVENTS) {
			Thread.sleep(50);
		}
		return EVENTS / ((System.nanoTime() - start) / 1e9);
	}

	/** Messages/s a bare SDK loop receives and deletes, on a queue of its own. */
	private static double rawLoop(SqsClient sqs, int threads) throws Exception {
		String url = sqs.createQueue((create) -> create.queueName("bench-raw-" + UUID.randomUUID())).queueUrl();
		fill(sqs, url, (i) -> "{\"name\":\"demo/noop\",\"id\":\"raw-" + i + "\"}");
		AtomicInteger received = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		List<Future<?>> loops = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			loops.add(pool.submit(() -> {
				while (received.get() < EVENTS) {
					List<Message> messages = sqs
						.receiveMessage((receive) -> receive.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
						.messages();
					if (messages.isEmpty()) {
						continue;
					}
					List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
					for (int i = 0; i < messages.size(); i++) {
						entries.add(DeleteMessageBatchRequestEntry.builder()
							.id(Integer.toString(i))
							.receiptHandle(messages.get(i).receiptHandle())
							.build());
					}
					sqs.deleteMessageBatch((delete) -> delete.queueUrl(url).entries(entries));
					received.addAndGet(messages.size());
				}
				return null;
			}));
		}
		for (Future<?> loop : loops) {
			loop.get(5, TimeUnit.MINUTES);
		}
		double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
		pool.shutdown();
		sqs.deleteQueue((delete) -> delete.queueUrl(url));
		return rate;
	}

	private static void fill(SqsClient sqs, String url, java.util.function.IntFunction<String> body) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> sends = new ArrayList<>();
		for (int batch = 0; batch < EVENTS; batch += 10) {
			int first = batch;
			sends.add(pool.submit(() -> {
				List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
				for (int i = first; i < Math.min(first + 10, EVENTS); i++) {
					entries.add(SendMessageBatchRequestEntry.builder()
						.id(Integer.toString(i - first))
						.messageBody(body.apply(i))
						.build());
				}
				sqs.sendMessageBatch((send) -> send.queueUrl(url).entries(entries));
				return null;
			}));
		}
		for (Future<?> send : sends) {
			send.get();
		}
		pool.shutdown();
	}

	/**
	 * Start-up with and without a million pending timers (median of three starts each,
	 * after a warm-up start), and how late timers fire that fall due meanwhile.
	 */
	private static void timers() throws Exception {
		List<Double> without = new ArrayList<>();
		List<Double> with = new ArrayList<>();
		startAndStop();
		for (int i = 0; i < 3; i++) {
			without.add(startAndStop());
		}
		long inserted;
		List<Double> lateness;
		try (ConfigurableApplicationContext app = start()) {
			inserted = insertPendingTimers(app);
		}
		for (int i = 0; i < 3; i++) {
			with.add(startAndStop());
		}
		try (ConfigurableApplicationContext app = start()) {
			lateness = dueTimerLateness(app);
		}
		System.out.println();
		System.out.println("| measure | median | runs | target |");
		System.out.println("|---|---|---|---|");
		System.out.printf("| start-up without pending timers | %.2f s | %s | |%n", Stats.median(without), without);
		System.out.printf("| start-up with %,d pending timers | %.2f s | %s | |%n", inserted, Stats.median(with), with);
		System.out.printf("| start-up ratio, with ÷ without | %.2f | | ≤ 1.5 |%n",
				Stats.median(with) / Stats.median(without));
		System.out.printf(
				"| lateness of %d timers falling due over 20 s among %,d pending: p50 / p99 / max | %.0f / %.0f / %.0f ms | | p99 ≤ 1 s |%n",
				lateness.size(), inserted, Stats.percentile(lateness, 50), Stats.percentile(lateness, 99),
				Stats.percentile(lateness, 100));
	}

	private static double startAndStop() {
		long start = System.nanoTime();
		ConfigurableApplicationContext app = start();
		double seconds = (System.nanoTime() - start) / 1e9;
		app.close();
		return seconds;
	}

	/**
	 * A million timers 1 to 364 days out, written as the rows one timer made through the
	 * API, so Quartz sees exactly what it would have stored itself.
	 */
	private static long insertPendingTimers(ConfigurableApplicationContext app) {
		Schedule model = app.getBean(Schedules.class)
			.createAt(null, Instant.now().plusSeconds(86_400), "bench/far", null, Map.of(), Schedule.Misfire.FIRE_ONCE,
					"bench");
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		// one transaction with foreign-key checks off: a million checks against Quartz's
		// one
		// job row would lock it a million times; the rows are consistent by construction
		app.getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult((tx) -> {
			jdbc.sql("SET LOCAL session_replication_role = replica").update();
			jdbc.sql(
					"""
							INSERT INTO sf_schedule (schedule_id, kind, time_zone, data, fire_at, event_name, event_id, misfire,
							                         source, created_at)
							SELECT 'bench-' || g, 'at', 'UTC', '{}'::jsonb, now() + (1 + g % 363) * interval '1 day' + g * interval '1 ms',
							       'bench/far', 'bench-far-' || g, 'FIRE_ONCE', 'bench', now()
							FROM generate_series(1, ?) g""")
				.param(TIMERS)
				.update();
			// the model's own values, read first: a statement that reads the table it
			// fills
			// rescans its growing heap per row
			Map<String, Object> trigger = jdbc
				.sql("SELECT sched_name, trigger_group, job_name, job_group, priority, trigger_state, trigger_type,"
						+ " misfire_instr FROM qrtz_triggers WHERE trigger_name = ?")
				.param(model.id())
				.query()
				.singleRow();
			jdbc.sql(
					"""
							INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group,
							       next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time,
							       misfire_instr)
							SELECT :sched, s.schedule_id, :group, :job, :jobGroup, (EXTRACT(EPOCH FROM s.fire_at) * 1000)::bigint, -1,
							       :priority, :state, :type, (EXTRACT(EPOCH FROM s.fire_at) * 1000)::bigint, 0, :misfire
							FROM sf_schedule s WHERE s.schedule_id LIKE 'bench-%'""")
				.param("sched", trigger.get("sched_name"))
				.param("group", trigger.get("trigger_group"))
				.param("job", trigger.get("job_name"))
				.param("jobGroup", trigger.get("job_group"))
				.param("priority", trigger.get("priority"))
				.param("state", trigger.get("trigger_state"))
				.param("type", trigger.get("trigger_type"))
				.param("misfire", trigger.get("misfire_instr"))
				.update();
			jdbc.sql(
					"""
							INSERT INTO qrtz_simple_triggers (sched_name, trigger_name, trigger_group, repeat_count, repeat_interval,
							       times_triggered)
							SELECT :sched, s.schedule_id, :group, 0, 0, 0 FROM sf_schedule s WHERE s.schedule_id LIKE 'bench-%'""")
				.param("sched", trigger.get("sched_name"))
				.param("group", trigger.get("trigger_group"))
				.update();
		});
		// as a database that accumulated its timers over months would be: vacuumed, its
		// statistics current (right after a bulk insert, autovacuum and hint-bit writes
		// compete with the scheduler for the two cores)
		jdbc.sql("VACUUM ANALYZE qrtz_triggers").update();
		jdbc.sql("VACUUM ANALYZE qrtz_simple_triggers").update();
		jdbc.sql("VACUUM ANALYZE sf_schedule").update();
		return jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'sermonflow-at'")
			.query(Long.class)
			.single();
	}

	/**
	 * Timers due 5 to 25 s from now, created through Schedules; fired_at minus fire_at.
	 */
	private static List<Double> dueTimerLateness(ConfigurableApplicationContext app) throws Exception {
		Schedules schedules = app.getBean(Schedules.class);
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		Instant base = Instant.now().plusSeconds(5);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < DUE_TIMERS; i++) {
			ids.add(schedules
				.createAt(null, base.plusMillis(i * 20_000L / DUE_TIMERS), "bench/due", null, Map.of(),
						Schedule.Misfire.FIRE_ONCE, "bench")
				.id());
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline
				&& jdbc.sql("SELECT count(*) FROM sf_schedule WHERE schedule_id IN (:ids) AND fired_at IS NOT NULL")
					.param("ids", ids)
					.query(Long.class)
					.single() < ids.size()) {
			Thread.sleep(500);
		}
		return jdbc.sql("""
				SELECT EXTRACT(EPOCH FROM (fired_at - fire_at)) * 1000 FROM sf_schedule
				WHERE schedule_id IN (:ids) AND fired_at IS NOT NULL""").param("ids", ids).query(Double.class).list();
	}

}
