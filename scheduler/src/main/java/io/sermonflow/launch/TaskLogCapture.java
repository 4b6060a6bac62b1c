package io.sermonflow.launch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.loop.BackgroundLoop;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Captures every log line written while a task runs (the MDC carries its run and task
 * ids) into the task's log. Lines are written by a background thread in their own
 * transactions, so the logs of a failed task survive its rollback; if the database falls
 * behind, lines are dropped and counted rather than slowing the task. A line carries the
 * epoch of the run's claim it was written under, and is not kept once a recovery took
 * that claim back: a node that lost the run adds nothing to its log.
 */
@Component
class TaskLogCapture implements SmartLifecycle {

	private static final int CAPACITY = 10_000;

	private static final int MAX_MESSAGE = 8_000;

	private final JdbcClient jdbc;

	private final BlockingQueue<Line> lines = new ArrayBlockingQueue<>(CAPACITY);

	private final AtomicLong dropped = new AtomicLong();

	private final Appender appender = new Appender();

	// the database is away: a batch is lost, the queue keeps filling; try again shortly
	private final BackgroundLoop writer = BackgroundLoop.of("sermonflow-task-log", this::round, Duration.ofSeconds(1),
			LoggerFactory.getLogger(TaskLogCapture.class));

	TaskLogCapture(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		Gauge.builder("sermonflow.task.log.dropped", this.dropped, AtomicLong::get)
			.description("Task log lines dropped because the database fell behind")
			.register(meters);
	}

	/** Writes the batch and what else is queued; returns how many lines. */
	private int write(List<Line> batch) {
		this.lines.drainTo(batch, 500);
		for (Line line : batch) {
			this.jdbc
				.sql("""
						INSERT INTO sf_task_log (run_id, task_id, at, level, message)
						SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sf_run WHERE run_id = ? AND recovered_epoch < ?)""")
				.params(line.runId(), line.taskId(), Timestamp.from(line.at()), line.level(), line.message(),
						line.runId(), line.epoch())
				.update();
		}
		return batch.size();
	}

	private void round() throws InterruptedException {
		Line first = this.lines.poll(200, TimeUnit.MILLISECONDS);
		if (first != null) {
			List<Line> batch = new ArrayList<>();
			batch.add(first);
			write(batch);
		}
	}

	/** At shutdown: the lines still queued, written from the stopping thread. */
	private void drain() {
		try {
			while (!this.lines.isEmpty()) {
				write(new ArrayList<>());
			}
		}
		catch (RuntimeException ex) {
			// the database is already gone: these lines are lost, as when it is away
		}
	}

	@Override
	public void start() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.appender.setContext(context);
		this.appender.setName("sermonflow-task-log");
		this.appender.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
		this.writer.start();
	}

	@Override
	public void stop() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this.appender);
		this.appender.stop();
		this.writer.stop(Duration.ofSeconds(5));
		drain();
	}

	@Override
	public boolean isRunning() {
		return this.writer.isRunning();
	}

	/** Stops after the dispatcher, so the last lines of finishing tasks are written. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 200;
	}

	private final class Appender extends AppenderBase<ILoggingEvent> {

		@Override
		protected void append(ILoggingEvent event) {
			Map<String, String> mdc = event.getMDCPropertyMap();
			String runId = mdc.get("runId");
			String taskId = mdc.get("taskId");
			String epoch = mdc.get("epoch");
			if (runId == null || taskId == null || epoch == null) {
				return;
			}
			String message = event.getFormattedMessage();
			if (event.getThrowableProxy() != null) {
				message = message + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
			}
			if (message.length() > MAX_MESSAGE) {
				message = message.substring(0, MAX_MESSAGE) + " …";
			}
			if (!TaskLogCapture.this.lines.offer(new Line(runId, taskId, Long.parseLong(epoch),
					Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(), message))) {
				TaskLogCapture.this.dropped.incrementAndGet();
			}
		}

	}

	private record Line(String runId, String taskId, long epoch, Instant at, String level, String message) {
	}

}
