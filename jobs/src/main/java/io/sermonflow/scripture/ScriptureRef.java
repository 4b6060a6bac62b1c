package io.sermonflow.scripture;

/**
 * A passage a sermon cites or quotes, at a moment of its audio: found in the transcript
 * (and perhaps confirmed, or removed, by staff) or added by staff.
 */
public record ScriptureRef(String id, String sermonId, Passage passage, double at, Kind kind, Status status,
		String changedBy) {

	/** Named by the preacher, or read out. */
	public enum Kind {

		CITED, QUOTED

	}

	public enum Status {

		FOUND, CONFIRMED, REMOVED

	}

	public boolean confirmed() {
		return this.status == Status.CONFIRMED;
	}

}
