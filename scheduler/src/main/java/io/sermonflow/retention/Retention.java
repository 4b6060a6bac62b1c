package io.sermonflow.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets history past its horizon: each {@link RetentionTarget} in batches, so no purge
 * holds a lock for long and the database's other work goes on between batches. A pass
 * stops a kind after {@link #MAX_BATCHES_PER_PASS} batches and takes the rest next time,
 * so a first pass over years of history does not run for hours.
 */
public class Retention {

	static final int MAX_BATCHES_PER_PASS = 200;

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final List<RetentionTarget> targets;

	private final RetentionProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AtomicReference<Pass> lastPass = new AtomicReference<>();

	public Retention(List<RetentionTarget> targets, RetentionProperties properties, Clock clock, MeterRegistry meters) {
		this.targets = targets.stream().sorted(Comparator.comparing(RetentionTarget::kind)).toList();
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/** Each kind's horizon and the rows a pass now would remove. */
	public List<Horizon> preview() {
		Instant now = this.clock.instant();
		List<Horizon> horizons = new ArrayList<>();
		for (RetentionTarget target : this.targets) {
			Duration horizon = this.properties.horizon(target.kind());
			Instant cutoff = now.minus(horizon);
			horizons.add(new Horizon(target.kind(), horizon, cutoff, target.count(cutoff)));
		}
		return horizons;
	}

	/**
	 * One pass over every kind. A kind whose purge fails is reported and left for the
	 * next pass; the others go on.
	 */
	public Pass purge() {
		Instant started = this.clock.instant();
		Map<Retained, Long> purged = new EnumMap<>(Retained.class);
		Map<Retained, String> failures = new EnumMap<>(Retained.class);
		for (RetentionTarget target : this.targets) {
			Instant cutoff = started.minus(this.properties.horizon(target.kind()));
			long removed = 0;
			try {
				for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
					int n = target.purge(cutoff, this.properties.batchSize());
					removed += n;
					this.meters.counter("sermonflow.retention.purged", "kind", target.kind().property()).increment(n);
					if (n < this.properties.batchSize()) {
						break;
					}
				}
			}
			catch (RuntimeException ex) {
				log.warn("Purging {} older than {} failed; the next pass tries again", target.kind().property(), cutoff,
						ex);
				failures.put(target.kind(), String.valueOf(ex.getMessage()));
			}
			purged.put(target.kind(), removed);
		}
		Pass pass = new Pass(started, this.clock.instant(), purged, failures);
		this.lastPass.set(pass);
		long total = purged.values().stream().mapToLong(Long::longValue).sum();
		if (total > 0) {
			log.info("Retention purged {} rows: {}", total, purged);
		}
		return pass;
	}

	/** The last pass this node made, for the console. */
	public Optional<Pass> lastPass() {
		return Optional.ofNullable(this.lastPass.get());
	}

	public Duration interval() {
		return this.properties.interval();
	}

	/** A kind's horizon, the instant it reaches back to, and the rows past it. */
	public record Horizon(Retained kind, Duration horizon, Instant cutoff, long rows) {

		public long days() {
			return this.horizon.toDays();
		}

	}

	/** What one pass removed, and the kinds it could not purge with why. */
	public record Pass(Instant startedAt, Instant endedAt, Map<Retained, Long> purged, Map<Retained, String> failures) {

		public long total() {
			return this.purged.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
