package io.sermonflow.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sermonflow.control.RunActions;
import io.sermonflow.control.RunStateConflictException;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.fetch.RefusedUrlException;
import io.sermonflow.fetch.SafeFetcher;
import io.sermonflow.fetch.UrlGuard;
import io.sermonflow.run.RunStore;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.text.PlainText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Bringing in a church's existing sermon archive from its podcast feed. The feed is read
 * once, through the same URL guard and caps as URL ingest, and each item recorded (items
 * are idempotent by guid). The canary's items run at once; then the import waits for a
 * person to continue; then {@link #pace()} releases the rest a few at a time, on the
 * lower-priority {@code sermon-import} DAG, so new uploads are not starved.
 */
@Service
@EnableConfigurationProperties(ImportProperties.class)
public class ArchiveImports {

	private static final Logger log = LoggerFactory.getLogger(ArchiveImports.class);

	/** Items of one feed taken at most. */
	static final int MAX_ITEMS = 5000;

	private final JdbcImportStore store;

	private final Sermons sermons;

	private final JdbcSermonStore sermonStore;

	private final UrlGuard guard;

	private final SafeFetcher fetcher;

	private final RunActions actions;

	private final RunStore runs;

	private final ImportProperties properties;

	private final Clock clock;

	ArchiveImports(JdbcImportStore store, Sermons sermons, JdbcSermonStore sermonStore, UrlGuard guard,
			SafeFetcher fetcher, RunActions actions, RunStore runs, ImportProperties properties, Clock clock) {
		this.store = store;
		this.sermons = sermons;
		this.sermonStore = sermonStore;
		this.guard = guard;
		this.fetcher = fetcher;
		this.actions = actions;
		this.runs = runs;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What staff ask for: the feed, at most {@code limit} items (null: all), only items
	 * published on or after {@code since} (null: all), a canary of {@code canary} items
	 * (null: the configured size), the feed's title as every sermon's series when
	 * {@code seriesFromFeed}.
	 */
	public record Request(String feedUrl, Integer limit, LocalDate since, Integer canary, boolean seriesFromFeed,
			String churchId) {

		public Request {
			if (feedUrl == null || feedUrl.isBlank()) {
				throw new IllegalArgumentException("Field \"feedUrl\" is required: the address of the podcast feed");
			}
			feedUrl = feedUrl.strip();
			if (limit != null && (limit < 1 || limit > MAX_ITEMS)) {
				throw new IllegalArgumentException("Field \"limit\" must be between 1 and " + MAX_ITEMS);
			}
			if (canary != null && (canary < 0 || canary > 50)) {
				throw new IllegalArgumentException("Field \"canary\" must be between 0 and 50");
			}
			churchId = (churchId == null || churchId.isBlank()) ? null : churchId.strip();
		}

	}

	/**
	 * Reads the feed and starts the import: its canary runs now. A refused URL is a
	 * {@link RefusedUrlException} (nothing is recorded); a feed that cannot be read is
	 * recorded as a FAILED import naming the cause.
	 */
	public ArchiveImport.Report start(Request request, String user) {
		checkUrl(request.feedUrl());
		String id = UUID.randomUUID().toString();
		int canary = (request.canary() != null) ? request.canary() : this.properties.canary();
		Feed feed;
		try {
			feed = read(request);
		}
		catch (PermanentException | RetryableException ex) {
			this.store.create(new ArchiveImport(id, request.feedUrl(), null, ImportState.FAILED, canary,
					request.seriesFromFeed(), request.churchId(), "The feed could not be read: " + ex.getMessage(),
					user, null, null, null, null), List.of());
			log.info("Import {} of {} failed: {}", id, request.feedUrl(), ex.getMessage());
			return report(id).orElseThrow();
		}
		this.store.create(
				new ArchiveImport(id, request.feedUrl(), feed.title(), ImportState.CANARY, canary,
						request.seriesFromFeed(), request.churchId(), null, user, null, null, null, null),
				feed.items());
		log.info("Import {} of {}: {} items read", id, request.feedUrl(), feed.items().size());
		pace();
		return report(id).orElseThrow();
	}

	/** What {@link #start} would do, starting nothing. */
	public ArchiveImport.Plan plan(Request request) {
		checkUrl(request.feedUrl());
		Feed feed = read(request);
		int fresh = 0;
		int already = 0;
		int unusable = 0;
		int transcripts = 0;
		double known = 0;
		int unknown = 0;
		List<Map<String, Object>> items = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Feed.Item item : feed.items()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("guid", item.guid());
			row.put("title", item.title());
			String outcome;
			if (item.problem() != null) {
				unusable++;
				outcome = "unusable: " + item.problem();
			}
			else {
				String owner = this.store.alreadyImported(item.guid());
				if (owner != null || !seen.add(item.guid())) {
					already++;
					outcome = (owner != null) ? owner : "A duplicate of an earlier item of the feed";
				}
				else {
					fresh++;
					outcome = "new";
					if (item.hasTranscript()) {
						transcripts++;
					}
					if (item.durationSeconds() != null) {
						known += item.durationSeconds();
					}
					else {
						unknown++;
					}
				}
			}
			row.put("outcome", outcome);
			row.put("reusesTranscript", item.problem() == null && item.hasTranscript());
			items.add(row);
		}
		Double pace = this.store.measuredPace();
		Long seconds = (pace != null && pace > 0) ? Math.round(known / pace) : null;
		return new ArchiveImport.Plan(feed.title(), feed.items().size(), fresh, already, unusable, transcripts,
				known / 3600.0, unknown, (pace != null) ? pace : null, seconds, items);
	}

	private void checkUrl(String url) {
		try {
			this.guard.check(url);
		}
		catch (RefusedUrlException ex) {
			throw new RefusedUrlException("Field \"feedUrl\" is refused: " + ex.getMessage());
		}
	}

	private Feed read(Request request) {
		Feed feed = FeedReader.read(this.fetcher.fetchBytes(request.feedUrl(), this.properties.feedMaxBytes()));
		List<Feed.Item> items = feed.items()
			.stream()
			.filter((item) -> request.since() == null || item.publishedOn() == null
					|| !item.publishedOn().isBefore(request.since()))
			.limit((request.limit() != null) ? request.limit() : MAX_ITEMS)
			.toList();
		return new Feed(feed.title(), items);
	}

	public Optional<ArchiveImport.Report> report(String id) {
		return this.store.find(id).map((archive) -> {
			List<ArchiveImport.Item> items = this.store.items(id);
			return new ArchiveImport.Report(archive, items, progress(archive, items));
		});
	}

	public List<ArchiveImport> list(int limit) {
		return this.store.list(limit);
	}

	private ArchiveImport.Progress progress(ArchiveImport archive, List<ArchiveImport.Item> items) {
		Map<ImportState.Item, Integer> counts = this.store.counts(archive.id());
		double done = this.store.doneAudioSeconds(archive.id());
		Instant[] window = this.store.window(archive.id());
		Double pace = null;
		if (window[0] != null && window[1] != null && done > 0) {
			Instant end = (archive.state() == ImportState.RUNNING) ? this.clock.instant() : window[1];
			double wall = Math.max(1, Duration.between(window[0], end).toMillis() / 1000.0);
			pace = done / wall;
		}
		Long eta = null;
		int remaining = counts.getOrDefault(ImportState.Item.PENDING, 0)
				+ counts.getOrDefault(ImportState.Item.RUNNING, 0);
		if (pace != null && remaining > 0) {
			Double mean = this.store.meanAudioSeconds(archive.id());
			double left = 0;
			for (ArchiveImport.Item item : items) {
				if (item.state() == ImportState.Item.PENDING || item.state() == ImportState.Item.RUNNING) {
					left += (item.durationSeconds() != null) ? item.durationSeconds() : (mean != null) ? mean : 0;
				}
			}
			eta = Math.round(left / pace);
		}
		return new ArchiveImport.Progress(counts, items.size(), done, pace, eta,
				(eta != null) ? this.clock.instant().plusSeconds(eta) : null);
	}

	/** The canary looked right: the rest of the items run. */
	public ArchiveImport.Report proceed(String id, String user) {
		change(id, EnumSet.of(ImportState.WAITING_FOR_REVIEW), ImportState.RUNNING, user, "continued",
				"only an import waiting for review of its canary can be continued");
		pace();
		return report(id).orElseThrow();
	}

	public ArchiveImport.Report pause(String id, String user) {
		change(id, EnumSet.of(ImportState.RUNNING), ImportState.PAUSED, user, "paused",
				"only a running import can be paused");
		return report(id).orElseThrow();
	}

	public ArchiveImport.Report resume(String id, String user) {
		change(id, EnumSet.of(ImportState.PAUSED), ImportState.RUNNING, user, "resumed",
				"only a paused import can be resumed");
		pace();
		return report(id).orElseThrow();
	}

	/**
	 * Nothing more starts; the items in the pipeline have their runs cancelled (each
	 * stops at its next task boundary and its sermon fails saying so).
	 */
	public ArchiveImport.Report cancel(String id, String user) {
		change(id,
				EnumSet.of(ImportState.CANARY, ImportState.WAITING_FOR_REVIEW, ImportState.RUNNING, ImportState.PAUSED),
				ImportState.CANCELLED, user, "cancelled", "a done, failed or cancelled import cannot be cancelled");
		for (String sermonId : this.store.cancelPending(id)) {
			this.sermonStore.find(sermonId).map(Sermon::eventId).ifPresent((eventId) -> {
				for (String runId : this.runs.runsOfEvent(eventId)) {
					try {
						this.actions.cancel(runId);
					}
					catch (RunStateConflictException ex) {
						// it ended meanwhile: the next settling records how
					}
				}
			});
		}
		return report(id).orElseThrow();
	}

	/**
	 * A failed item runs again: its failed sermon (if any) is removed and the item is
	 * pending; a done import runs again for it.
	 */
	public ArchiveImport.Report retryItem(String id, int n, String user) {
		ArchiveImport archive = this.store.find(id).orElseThrow(() -> UnknownImportException.of(id));
		ArchiveImport.Item item = this.store.item(id, n)
			.orElseThrow(() -> new UnknownImportException("Import " + id + " has no item " + n));
		if (item.state() != ImportState.Item.FAILED) {
			throw new ImportStateException("Item " + n + " is " + item.state() + "; only a FAILED item can be retried");
		}
		if (archive.state().isTerminal()) {
			throw new ImportStateException("The import is " + archive.state() + "; its items cannot be retried");
		}
		if (item.sermonId() != null) {
			this.sermons.delete(item.sermonId());
		}
		boolean canaryPhase = archive.state() == ImportState.CANARY
				|| archive.state() == ImportState.WAITING_FOR_REVIEW;
		try {
			this.store.reset(id, n, canaryPhase);
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			throw new ImportStateException("Item " + n + "'s guid was imported meanwhile by another import");
		}
		if (archive.state() == ImportState.DONE) {
			this.store.changeState(id, EnumSet.of(ImportState.DONE), ImportState.RUNNING, user);
		}
		else if (archive.state() == ImportState.WAITING_FOR_REVIEW) {
			this.store.changeState(id, EnumSet.of(ImportState.WAITING_FOR_REVIEW), ImportState.CANARY, user);
		}
		log.info("Import {}: item {} retried by {}", id, n, user);
		pace();
		return report(id).orElseThrow();
	}

	private void change(String id, java.util.Set<ImportState> from, ImportState to, String user, String done,
			String rule) {
		ArchiveImport archive = this.store.find(id).orElseThrow(() -> UnknownImportException.of(id));
		if (!this.store.changeState(id, from, to, user)) {
			throw new ImportStateException(
					"The import is " + this.store.find(id).orElse(archive).state() + "; " + rule);
		}
		log.info("Import {} {} by {}", id, done, user);
	}

	/**
	 * One round of pacing, on one node at a time (Quartz) and after each staff action:
	 * settles items whose sermons finished, releases canary items, moves imports whose
	 * canary or bulk is done on, and releases bulk items while fewer than
	 * {@code SERMONFLOW_IMPORT_IN_FLIGHT} imported sermons are in the pipeline and the
	 * hourly rate allows.
	 */
	public synchronized void pace() {
		this.store.settleFinished();
		for (ArchiveImport archive : this.store.inStates(EnumSet.of(ImportState.CANARY, ImportState.RUNNING))) {
			if (archive.state() == ImportState.CANARY) {
				for (var item = this.store.claimNext(archive.id(), true); item
					.isPresent(); item = this.store.claimNext(archive.id(), true)) {
					release(archive, item.get(), "sermon/uploaded");
				}
			}
			else {
				releaseBulk(archive);
			}
			this.store.settleFinished();
			moveOn(archive);
		}
	}

	private void releaseBulk(ArchiveImport archive) {
		Instant hourAgo = this.clock.instant().minus(Duration.ofHours(1));
		while (this.store.running() < this.properties.inFlight()
				&& this.store.releasedSince(hourAgo) < this.properties.perHour()) {
			Optional<ArchiveImport.Item> item = this.store.claimNext(archive.id(), false);
			if (item.isEmpty()) {
				return;
			}
			release(archive, item.get(), Sermons.IMPORTED);
		}
	}

	private void moveOn(ArchiveImport archive) {
		Map<ImportState.Item, Integer> counts = this.store.counts(archive.id());
		int running = counts.getOrDefault(ImportState.Item.RUNNING, 0);
		int pending = counts.getOrDefault(ImportState.Item.PENDING, 0);
		if (running > 0) {
			return;
		}
		if (archive.state() == ImportState.CANARY) {
			boolean canaryLeft = this.store.items(archive.id())
				.stream()
				.anyMatch((i) -> i.canary() && i.state() == ImportState.Item.PENDING);
			if (canaryLeft) {
				return;
			}
			ImportState next = (pending > 0) ? ImportState.WAITING_FOR_REVIEW : ImportState.DONE;
			if (this.store.changeState(archive.id(), EnumSet.of(ImportState.CANARY), next, null)) {
				log.info("Import {}: canary done; {}", archive.id(),
						(next == ImportState.DONE) ? "nothing else to import" : "waiting for review");
			}
		}
		else if (pending == 0
				&& this.store.changeState(archive.id(), EnumSet.of(ImportState.RUNNING), ImportState.DONE, null)) {
			log.info("Import {} done", archive.id());
		}
	}

	private void release(ArchiveImport archive, ArchiveImport.Item item, String eventName) {
		try {
			SermonDetails details = new SermonDetails(item.title(), item.preacher(),
					(item.publishedOn() != null) ? item.publishedOn() : LocalDate.now(this.clock),
					archive.seriesFromFeed() ? archive.feedTitle() : null, null, archive.churchId());
			String description = PlainText.ofHtml(this.store.description(archive.id(), item.n()),
					SermonDetails.MAX_DESCRIPTION);
			Sermons.Created created = this.sermons.imported(details, item.enclosureUrl(), description,
					item.transcriptUrl(), item.transcriptType(), eventName);
			this.store.released(archive.id(), item.n(), created.sermonId());
		}
		catch (RefusedUrlException ex) {
			this.store.failed(archive.id(), item.n(), "The enclosure URL is refused: " + ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			this.store.failed(archive.id(), item.n(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			// the queue or the database is away: the item waits for the next round
			log.warn("Import {}: item {} could not be released yet: {}", archive.id(), item.n(), ex.toString());
			this.store.unclaim(archive.id(), item.n());
		}
	}

}
