package io.sermonflow.sermon;

import io.sermonflow.error.ConflictException;

/** An edit made on a version of a transcript that another edit has replaced. */
public class StaleTranscriptException extends ConflictException {

	private final int currentVersion;

	StaleTranscriptException(String sermonId, int editedVersion, int currentVersion) {
		super("The transcript of sermon " + sermonId + " is at version " + currentVersion + ", not " + editedVersion
				+ ": another edit came first; reload it and edit again");
		this.currentVersion = currentVersion;
	}

	public int currentVersion() {
		return this.currentVersion;
	}

}
