package io.sermonflow.schedule;

import java.text.ParseException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import io.sermonflow.dag.DagRegistry;
import io.sermonflow.trace.Traces;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cron schedules that start DAG runs and one-shot timers that publish events, on Quartz's
 * clustered JDBC store: a schedule fires once, on whichever scheduler node is up, and
 * survives restarts. Each is a row of ours (what it does) plus a Quartz trigger of the
 * same id (when); both are written in the caller's transaction.
 */
@Service
public class Schedules {

	static final String GROUP_PREFIX = "sermonflow-";

	static final JobKey START_RUN = JobKey.jobKey("start-run", GROUP_PREFIX + "schedules");

	static final JobKey FIRE_TIMER = JobKey.jobKey("fire-timer", GROUP_PREFIX + "schedules");

	/** Timers reach at least a year out; further is almost certainly a mistake. */
	static final Duration MAX_AHEAD = Duration.ofDays(5 * 366);

	private static final int MAX_NAME = 200;

	private final Scheduler scheduler;

	private final JdbcScheduleStore store;

	private final DagRegistry dags;

	private final Clock clock;

	private final Traces traces;

	Schedules(Scheduler scheduler, JdbcScheduleStore store, DagRegistry dags, Clock clock, Traces traces) {
		this.scheduler = scheduler;
		this.traces = traces;
		this.store = store;
		this.dags = dags;
		this.clock = clock;
	}

	/**
	 * The two jobs every trigger points at (triggers alone carry the schedules); stored
	 * when a node starts.
	 */
	@Transactional
	public void registerJobs() throws SchedulerException {
		this.scheduler
			.addJob(JobBuilder.newJob(StartScheduledRunJob.class).withIdentity(START_RUN).storeDurably().build(), true);
		this.scheduler.addJob(
				JobBuilder.newJob(FireTimerJob.class).withIdentity(FIRE_TIMER).storeDurably().requestRecovery().build(),
				true);
	}

	/**
	 * A cron schedule starting runs of {@code dagId} with {@code data}; {@code id} null
	 * for a generated one. An existing schedule of that id is replaced.
	 */
	@Transactional
	public Schedule createCron(String id, String cron, String timeZone, String dagId, Map<String, Object> data,
			Schedule.Misfire misfire, String source) {
		if (cron == null || cron.isBlank()) {
			throw new InvalidScheduleException("Field \"cron\" is required, such as \"0 0 3 ? * SUN\"");
		}
		try {
			CronExpression.validateExpression(cron);
		}
		catch (ParseException ex) {
			throw new InvalidScheduleException("Field \"cron\" (\"" + cron
					+ "\") is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]): "
					+ ex.getMessage());
		}
		ZoneId zone = zone(timeZone);
		if (dagId == null || this.dags.find(dagId).isEmpty()) {
			throw new InvalidScheduleException("Field \"dag\" names no DAG of this deployment: " + dagId);
		}
		Schedule schedule = new Schedule((id != null) ? id : UUID.randomUUID().toString(), Schedule.Kind.CRON, cron,
				zone.getId(), dagId, (data != null) ? data : Map.of(), null, null, null, misfire, source, null, null,
				false, null, 0);
		CronScheduleBuilder when = CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone));
		when = (misfire == Schedule.Misfire.SKIP) ? when.withMisfireHandlingInstructionDoNothing()
				: when.withMisfireHandlingInstructionFireAndProceed();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(triggerKey(schedule))
			.forJob(START_RUN)
			.withSchedule(when)
			.build();
		this.store.insert(schedule, this.traces.current());
		schedule(trigger, "cron \"" + cron + "\"");
		return find(schedule.id());
	}

	/**
	 * A timer publishing the event {@code eventName}/{@code eventId} with {@code data} at
	 * {@code at}; the event id is generated when null.
	 */
	@Transactional
	public Schedule createAt(String id, Instant at, String eventName, String eventId, Map<String, Object> data,
			Schedule.Misfire misfire, String source) {
		Instant now = this.clock.instant();
		if (at == null) {
			throw new InvalidScheduleException("Field \"at\" is required: a UTC instant such as 2027-11-01T09:00:00Z");
		}
		if (!at.isAfter(now)) {
			throw new InvalidScheduleException("Field \"at\" (" + at + ") is in the past; it is now " + now);
		}
		if (at.isAfter(now.plus(MAX_AHEAD))) {
			throw new InvalidScheduleException("Field \"at\" (" + at + ") is more than 5 years ahead");
		}
		if (eventName == null || eventName.isBlank() || eventName.length() > MAX_NAME) {
			throw new InvalidScheduleException(
					"Field \"event.name\" is required: a non-empty string of at most " + MAX_NAME + " characters");
		}
		if (eventId != null && (eventId.isBlank() || eventId.length() > MAX_NAME)) {
			throw new InvalidScheduleException(
					"Field \"event.id\" must be a non-empty string of at most " + MAX_NAME + " characters");
		}
		Schedule schedule = new Schedule((id != null) ? id : UUID.randomUUID().toString(), Schedule.Kind.AT, null,
				"UTC", null, (data != null) ? data : Map.of(), at, eventName,
				(eventId != null) ? eventId : UUID.randomUUID().toString(), misfire, source, null, null, false, null,
				0);
		SimpleScheduleBuilder when = SimpleScheduleBuilder.simpleSchedule();
		// a timer whose moment passed while no scheduler ran fires at once, unless told
		// to skip
		when = (misfire == Schedule.Misfire.SKIP) ? when.withMisfireHandlingInstructionNextWithRemainingCount()
				: when.withMisfireHandlingInstructionFireNow();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(triggerKey(schedule))
			.forJob(FIRE_TIMER)
			.startAt(Date.from(at))
			.withSchedule(when)
			.build();
		this.store.insert(schedule, this.traces.current());
		schedule(trigger, "timer at " + at);
		return find(schedule.id());
	}

	public Schedule find(String id) {
		return this.store.find(id).orElseThrow(() -> new UnknownScheduleException(id));
	}

	public List<Schedule> list(int limit, String after, boolean includeFired) {
		return this.store.list(limit, after, includeFired);
	}

	@Transactional
	public Schedule pause(String id) {
		Schedule schedule = find(id);
		quartz(() -> this.scheduler.pauseTrigger(triggerKey(schedule)));
		return find(id);
	}

	@Transactional
	public Schedule resume(String id) {
		Schedule schedule = find(id);
		quartz(() -> this.scheduler.resumeTrigger(triggerKey(schedule)));
		return find(id);
	}

	@Transactional
	public void delete(String id) {
		Schedule schedule = find(id);
		quartz(() -> this.scheduler.unscheduleJob(triggerKey(schedule)));
		this.store.delete(id);
	}

	/** Ids of schedules whose id starts with {@code prefix}. */
	List<String> idsStartingWith(String prefix) {
		return this.store.idsWithPrefix(prefix);
	}

	private void schedule(Trigger trigger, String what) {
		try {
			if (this.scheduler.checkExists(trigger.getKey())) {
				this.scheduler.rescheduleJob(trigger.getKey(), trigger);
			}
			else {
				this.scheduler.scheduleJob(trigger);
			}
		}
		catch (SchedulerException ex) {
			if (ex.getMessage() != null && ex.getMessage().contains("will never fire")) {
				throw new InvalidScheduleException("The " + what + " never fires in the future");
			}
			throw new IllegalStateException("Could not store the " + what, ex);
		}
	}

	private static ZoneId zone(String timeZone) {
		if (timeZone == null || timeZone.isBlank()) {
			return ZoneId.of("UTC");
		}
		try {
			return ZoneId.of(timeZone);
		}
		catch (DateTimeException ex) {
			throw new InvalidScheduleException(
					"Field \"timeZone\" (\"" + timeZone + "\") is not a time zone id such as \"Europe/Amsterdam\"");
		}
	}

	static TriggerKey triggerKey(Schedule schedule) {
		return TriggerKey.triggerKey(schedule.id(), GROUP_PREFIX + schedule.kind().label());
	}

	private interface QuartzCall {

		void run() throws SchedulerException;

	}

	private static void quartz(QuartzCall call) {
		try {
			call.run();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz refused the change: " + ex.getMessage(), ex);
		}
	}

}
