package io.sermonflow.media;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code ffmpeg}: which ffmpeg this node runs (path, version, and
 * whether it is the machine's, JAVE2's bundled one or a configured path), and that it is
 * still there: a package upgrade or a cleaned directory can take it away under a running
 * node.
 */
@Component("ffmpegHealthIndicator")
class FfmpegHealthIndicator extends AbstractHealthIndicator {

	private final FfmpegBinary binary;

	FfmpegHealthIndicator(Ffmpeg ffmpeg) {
		super("ffmpeg cannot be checked");
		this.binary = ffmpeg.binary();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Path path = Path.of(this.binary.path());
		builder.status(Files.isExecutable(path) ? "UP" : "DOWN")
			.withDetail("path", this.binary.path())
			.withDetail("version", this.binary.version())
			.withDetail("source", this.binary.source().name().toLowerCase());
	}

}
