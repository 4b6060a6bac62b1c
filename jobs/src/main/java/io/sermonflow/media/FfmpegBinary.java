package io.sermonflow.media;

/**
 * The ffmpeg this node runs: its path, the version it reports and where it came from.
 */
public record FfmpegBinary(String path, String version, Source source) {

	/**
	 * "ffmpeg 5.1.9 (system, /usr/bin/ffmpeg)": what the health page and nodes page show.
	 */
	public String describe() {
		return "ffmpeg " + this.version + " (" + this.source.name().toLowerCase() + ", " + this.path + ")";
	}

	/** Where a binary came from. */
	public enum Source {

		/** The machine's own, Debian's when present: security updates reach it. */
		SYSTEM,

		/** The static build inside {@code ws.schild:jave-nativebin-linux64}. */
		BUNDLED,

		/** An absolute path an operator named in {@code SERMONFLOW_FFMPEG}. */
		CONFIGURED

	}

}
