package io.sermonflow.listen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What listeners do, for Prometheus: {@code sermonflow_listen_plays_total} by format,
 * {@code sermonflow_listen_bytes_total} by kind of file, {@code
 * sermonflow_listen_range_requests_total} by outcome, and
 * {@code sermonflow_listen_renders_total} by kind, and {@code sermonflow_search_seconds}.
 */
@Component
class ListenMetrics {

	private final MeterRegistry registry;

	private final Timer search;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	ListenMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.search = Timer.builder("sermonflow.search")
			.description("Listener search, from query to ranked hits")
			.publishPercentileHistogram()
			.register(registry);
		// the series dashboards chart exist from the start, as zeros
		for (String format : java.util.List.of("hls", "progressive")) {
			counter("sermonflow.listen.plays", "Plays started", "format", format, null);
		}
		for (String kind : java.util.List.of("playlist", "segment", "audio")) {
			counter("sermonflow.listen.bytes", "Bytes of listener responses", "kind", kind, "bytes");
		}
	}

	/**
	 * A player starting: an HLS master playlist, or the progressive file from its start.
	 */
	void playStarted(String format) {
		counter("sermonflow.listen.plays", "Plays started", "format", format, null).increment();
	}

	/** Captions or a feed rendered anew, not from {@link RenderCache}. */
	void rendered(String kind) {
		counter("sermonflow.listen.renders", "Captions and feeds rendered anew", "kind", kind, null).increment();
	}

	void served(String kind, FileSender.Sent sent) {
		if (sent.bytes() > 0) {
			counter("sermonflow.listen.bytes", "Bytes of listener responses", "kind", kind, "bytes")
				.increment(sent.bytes());
		}
		if (sent.rangeAsked()) {
			String outcome = switch (sent.status()) {
				case 206 -> "partial";
				case 416 -> "unsatisfiable";
				case 304 -> "not_modified";
				default -> "whole";
			};
			counter("sermonflow.listen.range.requests", "Requests with a Range header, by how they were answered",
					"outcome", outcome, null)
				.increment();
		}
	}

	/** Counters by name and tag, registered once: these are counted on every segment. */
	private Counter counter(String name, String description, String tag, String value, String unit) {
		return this.counters.computeIfAbsent(name + "|" + value,
				(key) -> Counter.builder(name)
					.description(description)
					.baseUnit(unit)
					.tag(tag, value)
					.register(this.registry));
	}

	<T> T timeSearch(Supplier<T> search) {
		return this.search.record(search);
	}

}
