package io.sermonflow.media;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The media work's metrics: the real-time factor of each transcode and transcription (a
 * task's wall time over the recording's length, so 0.25 means four times faster than
 * playing it), and the room left where media is stored.
 */
@Component
public class MediaMetrics {

	private final MeterRegistry registry;

	MediaMetrics(MeterRegistry registry, MediaProperties properties) {
		this.registry = registry;
		Path store = properties.dataDir().toAbsolutePath();
		Gauge.builder("sermonflow.media.store.free", () -> store.toFile().getUsableSpace())
			.description("Space left for the media store (its file system's usable bytes)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("sermonflow.media.store.size", () -> store.toFile().getTotalSpace())
			.description("Size of the media store's file system")
			.baseUnit("bytes")
			.register(registry);
		// the series exist before the first sermon, so dashboards show no gaps
		realTimeFactor("transcode", "ffmpeg");
		realTimeFactor("transcribe", "pocketsphinx");
		realTimeFactor("transcribe", "deepgram");
	}

	/**
	 * Records {@code task}'s real-time factor: {@code took} over {@code audioSeconds}.
	 */
	public double record(String task, String engine, Duration took, double audioSeconds) {
		if (audioSeconds <= 0) {
			return Double.NaN;
		}
		double factor = took.toMillis() / 1000.0 / audioSeconds;
		realTimeFactor(task, engine).record(factor);
		return factor;
	}

	private DistributionSummary realTimeFactor(String task, String engine) {
		return DistributionSummary.builder("sermonflow.media.realtime.factor")
			.description("Wall time of a media task over the length of its recording")
			.tag("task", task)
			.tag("engine", engine)
			.register(this.registry);
	}

}
