package io.sermonflow.listen;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What listeners do, for Prometheus: {@code sermonflow_listen_plays_total} by format,
 * {@code sermonflow_listen_bytes_total} by kind of file, {@code
 * sermonflow_listen_range_requests_total} by outcome, and
 * {@code sermonflow_search_seconds}.
 */
@Component
class ListenMetrics {

	private final MeterRegistry registry;

	private final Timer search;

	ListenMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.search = Timer.builder("sermonflow.search")
			.description("Listener search, from query to ranked hits")
			.publishPercentileHistogram()
			.register(registry);
	}

	/**
	 * A player starting: an HLS master playlist, or the progressive file from its start.
	 */
	void playStarted(String format) {
		Counter.builder("sermonflow.listen.plays")
			.description("Plays started")
			.tag("format", format)
			.register(this.registry)
			.increment();
	}

	void served(String kind, FileSender.Sent sent) {
		if (sent.bytes() > 0) {
			Counter.builder("sermonflow.listen.bytes")
				.description("Bytes of listener responses")
				.baseUnit("bytes")
				.tag("kind", kind)
				.register(this.registry)
				.increment(sent.bytes());
		}
		if (sent.rangeAsked()) {
			String outcome = switch (sent.status()) {
				case 206 -> "partial";
				case 416 -> "unsatisfiable";
				case 304 -> "not_modified";
				default -> "whole";
			};
			Counter.builder("sermonflow.listen.range.requests")
				.description("Requests with a Range header, by how they were answered")
				.tag("outcome", outcome)
				.register(this.registry)
				.increment();
		}
	}

	<T> T timeSearch(Supplier<T> search) {
		return this.search.record(search);
	}

}
