package io.sermonflow.sermon;

import java.time.LocalDate;

/**
 * What listeners and staff narrow sermons by: a preacher, a series (entry ids), and the
 * days preached between (inclusive). Null parts match everything.
 */
public record SermonFilter(String preacherId, String seriesId, LocalDate from, LocalDate to) {

	public static final SermonFilter NONE = new SermonFilter(null, null, null, null);

	public SermonFilter {
		if (from != null && to != null && from.isAfter(to)) {
			throw new IllegalArgumentException(
					"Parameter \"from\" (" + from + ") is after parameter \"to\" (" + to + ")");
		}
	}

	public boolean matches(Sermon sermon) {
		return (this.preacherId == null || this.preacherId.equals(sermon.preacherId()))
				&& (this.seriesId == null || this.seriesId.equals(sermon.seriesId()))
				&& (this.from == null || !sermon.preachedOn().isBefore(this.from))
				&& (this.to == null || !sermon.preachedOn().isAfter(this.to));
	}

	public boolean isNone() {
		return this.preacherId == null && this.seriesId == null && this.from == null && this.to == null;
	}

}
