package io.sermonflow.media;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where media lives ({@code SERMONFLOW_DATA_DIR}/media), the ingest caps
 * ({@code SERMONFLOW_MAX_UPLOAD_MB}, {@code SERMONFLOW_MAX_DURATION_MINUTES}) and which
 * ffmpeg runs ({@code SERMONFLOW_FFMPEG}: {@code auto}, {@code system}, {@code bundled}
 * or an absolute path; see {@link FfmpegLocator}).
 */
@ConfigurationProperties("sermonflow")
public record MediaProperties(Path dataDir, Long maxUploadMb, Integer maxDurationMinutes, String ffmpeg) {

	public MediaProperties {
		dataDir = (dataDir != null) ? dataDir : Path.of(".sermonflow", "data");
		maxUploadMb = (maxUploadMb != null && maxUploadMb > 0) ? maxUploadMb : 1024L;
		maxDurationMinutes = (maxDurationMinutes != null && maxDurationMinutes > 0) ? maxDurationMinutes : 360;
		ffmpeg = (ffmpeg != null && !ffmpeg.isBlank()) ? ffmpeg.strip() : FfmpegLocator.AUTO;
	}

	public long maxUploadBytes() {
		return this.maxUploadMb * 1024 * 1024;
	}

}
