package io.sermonflow.sermon;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.notify.ConsoleNotifications;
import io.sermonflow.notify.WebhookNotifier;
import io.sermonflow.sermon.Sermon.Status;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When a processed sermon becomes public: at once, or at its {@code publishAt} on a
 * durable timer (an outbox event that becomes a Quartz timer, so it survives restarts and
 * fires on one node of a cluster), and staff taking a sermon down and putting it back.
 * Release times are entered and shown in the church's time zone
 * ({@code SERMONFLOW_TIME_ZONE}).
 */
@Service
public class SermonRelease {

	/** The event a release timer publishes; it starts {@code sermon-release}. */
	public static final String DUE = "sermon/release.due";

	/** What a task returns as {@code status} when it changed nothing. */
	static final String UNCHANGED = "UNCHANGED";

	/**
	 * Timers go at most this far ahead (Quartz holds them; a year, and a day's slack).
	 */
	static final Duration MAX_AHEAD = Duration.ofDays(366);

	private static final Set<Status> SHOWN = EnumSet.of(Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED);

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz",
			Locale.ENGLISH);

	private final JdbcSermonStore sermons;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final WebhookNotifier notifier;

	private final ConsoleNotifications notifications;

	private final Clock clock;

	private final ZoneId zone;

	SermonRelease(JdbcSermonStore sermons, Outbox outbox, TransactionTemplate transactions, WebhookNotifier notifier,
			ConsoleNotifications notifications, Clock clock, PublishingProperties properties) {
		this.sermons = sermons;
		this.outbox = outbox;
		this.transactions = transactions;
		this.notifier = notifier;
		this.notifications = notifications;
		this.clock = clock;
		this.zone = properties.zone();
	}

	/** The church's time zone. */
	public ZoneId zone() {
		return this.zone;
	}

	/** An instant as staff read it: in the church's time zone. */
	public String local(Instant at) {
		return (at != null) ? LOCAL.format(at.atZone(this.zone)) : null;
	}

	/**
	 * A {@code publishAt} as staff give it: an instant with an offset
	 * ({@code 2026-12-06T13:00:00Z}), or a local time ({@code 2026-12-06T14:00}) in
	 * {@code timeZone}, by default the church's; blank is null (publish when processed).
	 * A time more than a year ahead, or a bad zone, is an
	 * {@link IllegalArgumentException} naming the field.
	 */
	public Instant parsePublishAt(String value, String timeZone) {
		ZoneId zone = zone(timeZone);
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		Instant at;
		try {
			at = OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notOffset) {
			try {
				at = LocalDateTime.parse(text).atZone(zone).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("Field \"publishAt\" must be a time such as 2026-12-06T14:00 (in "
						+ zone + ") or 2026-12-06T13:00:00Z");
			}
		}
		if (at.isAfter(this.clock.instant().plus(MAX_AHEAD))) {
			throw new IllegalArgumentException("Field \"publishAt\" is more than a year ahead");
		}
		return at;
	}

	private ZoneId zone(String timeZone) {
		if (timeZone == null || timeZone.isBlank()) {
			return this.zone;
		}
		try {
			return ZoneId.of(timeZone.strip());
		}
		catch (DateTimeException ex) {
			String shown = (timeZone.length() > 60) ? timeZone.substring(0, 60) + "…" : timeZone;
			throw new IllegalArgumentException(
					"Field \"timeZone\" is not a time zone: \"" + shown + "\"; use a name such as Europe/Amsterdam");
		}
	}

	/**
	 * Listenable first: at the end of {@code sermon-ingest}'s {@code transcode} task,
	 * once its renditions exist, the sermon is public now, or SCHEDULED with a timer for
	 * its {@code publishAt}, while its transcript, chapters, scripture and search entries
	 * are still being made. A sermon staff took down stays down.
	 */
	public Map<String, Object> publishAudio(TaskContext context) {
		return makePublic(sermon(context), context);
	}

	/**
	 * The {@code publish} task of {@code sermon-ingest}: the transcript and what depends
	 * on it are done. The audio went public before ({@link #publishAudio}); a sermon that
	 * is not public yet (transcoded before listenable first, failed and retried) becomes
	 * public now, or SCHEDULED.
	 */
	public Map<String, Object> publishProcessed(TaskContext context) {
		Sermon sermon = sermon(context);
		this.sermons.transcriptState(sermon.id(), Sermon.TranscriptState.READY, null);
		if (sermon.status() == Status.PUBLISHED || sermon.status() == Status.SCHEDULED) {
			// its timer, if it has one, was set when the audio was ready
			return outcome(sermon.status().name(), sermon, null);
		}
		return makePublic(sermon, context);
	}

	private Map<String, Object> makePublic(Sermon sermon, TaskContext context) {
		if (sermon.status() == Status.UNPUBLISHED) {
			return outcome(UNCHANGED, sermon, "staff took the sermon down; it stays down");
		}
		Set<Status> from = EnumSet.of(Status.PROCESSING, Status.FAILED, Status.SCHEDULED, Status.PUBLISHED);
		Instant at = sermon.publishAt();
		if (at != null && at.isAfter(this.clock.instant())) {
			this.sermons.changeStatus(sermon.id(), from, Status.SCHEDULED);
			context.sendAt(at, DUE, Map.of("sermonId", sermon.id()));
			return outcome(Status.SCHEDULED.name(), existing(sermon.id()), "public at " + local(at));
		}
		this.sermons.changeStatus(sermon.id(), from, Status.PUBLISHED);
		context.emit("sermon/published", Map.of("sermonId", sermon.id()));
		return outcome(Status.PUBLISHED.name(), sermon, null);
	}

	/**
	 * The {@code release} task of {@code sermon-release}, started by a timer: a SCHEDULED
	 * sermon whose time has come becomes public. A timer whose sermon moved on (published
	 * by hand, taken down, given a later time) changes nothing; for a later time its own
	 * timer is set again, so a node whose clock runs behind cannot lose a release.
	 */
	Map<String, Object> release(TaskContext context) {
		Sermon sermon = sermon(context);
		if (sermon.status() != Status.SCHEDULED) {
			return outcome(UNCHANGED, sermon, "the sermon is " + sermon.status() + ", not SCHEDULED");
		}
		Instant at = sermon.publishAt();
		if (at != null && at.isAfter(this.clock.instant())) {
			context.sendAt(at, DUE, Map.of("sermonId", sermon.id()));
			return outcome(UNCHANGED, sermon, "not due until " + local(at) + "; its timer is set again");
		}
		if (!this.sermons.changeStatus(sermon.id(), EnumSet.of(Status.SCHEDULED), Status.PUBLISHED)) {
			return outcome(UNCHANGED, sermon, "the sermon changed meanwhile");
		}
		context.emit("sermon/published", Map.of("sermonId", sermon.id()));
		return outcome(Status.PUBLISHED.name(), sermon, null);
	}

	/**
	 * Tells staff (console) and the webhook what the task {@code after} did: published,
	 * or scheduled for when. Nothing when it changed nothing.
	 */
	public Map<String, Object> notifyOutcome(TaskContext context, String after) {
		@SuppressWarnings("unchecked")
		Map<String, Object> outcome = context.result(after, Map.class);
		Sermon sermon = sermon(context);
		Object status = outcome.get("status");
		if (Status.PUBLISHED.name().equals(status)) {
			this.notifications.add("sermon.published:" + sermon.id() + ":" + context.runId(),
					ConsoleNotifications.Kind.SERMON_PUBLISHED,
					"Published: " + sermon.title() + " (" + sermon.preacher() + ")",
					ConsoleNotifications.About.sermon(sermon.id()));
			return this.notifier.notify("sermon.published",
					Map.of("sermonId", sermon.id(), "title", sermon.title(), "listenUrl", "/sermons/" + sermon.id()));
		}
		if (Status.SCHEDULED.name().equals(status)) {
			String when = String.valueOf(outcome.get("publishAt"));
			this.notifications.add("sermon.scheduled:" + sermon.id() + ":" + context.runId(),
					ConsoleNotifications.Kind.SERMON_SCHEDULED, "Ready, public at " + outcome.get("publishAtLocal")
							+ ": " + sermon.title() + " (" + sermon.preacher() + ")",
					ConsoleNotifications.About.sermon(sermon.id()));
			return this.notifier.notify("sermon.scheduled",
					Map.of("sermonId", sermon.id(), "title", sermon.title(), "publishAt", when));
		}
		return Map.of("notified", false, "reason", String.valueOf(outcome.getOrDefault("reason", "nothing changed")));
	}

	/**
	 * Staff set when the sermon becomes public (null: as soon as it is processed). A
	 * processed sermon that is public or waiting moves at once: public now for a time
	 * past, SCHEDULED with a timer for a time ahead. One that is processing keeps the
	 * time for its {@code publish} task; one taken down stays down until published.
	 */
	public Sermon schedule(String id, Instant at) {
		return this.transactions.execute((tx) -> {
			Sermon sermon = existing(id);
			this.sermons.setPublishAt(id, at);
			if (sermon.status() == Status.SCHEDULED || sermon.status() == Status.PUBLISHED) {
				apply(sermon, at, EnumSet.of(Status.SCHEDULED, Status.PUBLISHED));
			}
			return existing(id);
		});
	}

	/**
	 * Puts a processed sermon back (or first) before listeners: now, or at {@code at}.
	 * One still processing keeps the time for its {@code publish} task; a failed one must
	 * be processed again first.
	 */
	public Sermon publish(String id, Instant at) {
		return this.transactions.execute((tx) -> {
			Sermon sermon = existing(id);
			if (sermon.status() == Status.FAILED) {
				throw new SermonStateException("Sermon " + id + " is FAILED: retry its run first, then publish it");
			}
			this.sermons.setPublishAt(id, at);
			if (sermon.status().isProcessed()) {
				apply(sermon, at, SHOWN);
			}
			return existing(id);
		});
	}

	/**
	 * Takes a public or scheduled sermon down at once: its pages, feed items, search
	 * results and listen URLs (signed ones already handed out included) answer 404 until
	 * it is published again.
	 */
	public Sermon unpublish(String id) {
		return this.transactions.execute((tx) -> {
			Sermon sermon = existing(id);
			if (sermon.status() == Status.UNPUBLISHED) {
				return sermon;
			}
			if (!this.sermons.changeStatus(id, EnumSet.of(Status.PUBLISHED, Status.SCHEDULED), Status.UNPUBLISHED)) {
				throw new SermonStateException("Sermon " + id + " is " + sermon.status()
						+ ": only a published or scheduled sermon can be taken down");
			}
			return existing(id);
		});
	}

	private void apply(Sermon sermon, Instant at, Set<Status> from) {
		String id = sermon.id();
		if (at != null && at.isAfter(this.clock.instant())) {
			this.sermons.changeStatus(id, from, Status.SCHEDULED);
			// a timer set for an earlier time finds the sermon not due and changes
			// nothing
			this.outbox.add(Event.of(DUE, Map.of("sermonId", id)), at, null);
		}
		else if (sermon.status() != Status.PUBLISHED && this.sermons.changeStatus(id, from, Status.PUBLISHED)) {
			this.outbox.add(Event.of("sermon/published", Map.of("sermonId", id)), this.clock.instant(), null);
		}
	}

	private Map<String, Object> outcome(String status, Sermon sermon, String reason) {
		Map<String, Object> outcome = new LinkedHashMap<>();
		outcome.put("status", status);
		outcome.put("listenUrl", "/sermons/" + sermon.id());
		if (Status.SCHEDULED.name().equals(status)) {
			outcome.put("publishAt", sermon.publishAt().toString());
			outcome.put("publishAtLocal", local(sermon.publishAt()));
		}
		if (reason != null) {
			outcome.put("reason", reason);
		}
		return outcome;
	}

	private Sermon existing(String id) {
		return this.sermons.find(id).orElseThrow(() -> new PermanentException("There is no sermon " + id));
	}

	private Sermon sermon(TaskContext context) {
		return existing(SermonTasks.sermonId(context));
	}

}
