package io.sermonflow.archive;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an archive import stands. The canary's items run first; then it waits for a
 * person to continue; then the rest run at a measured pace until done. Paused and
 * cancelled by staff; FAILED only when the feed itself could not be read.
 */
public enum ImportState {

	CANARY, WAITING_FOR_REVIEW, RUNNING, PAUSED, DONE, CANCELLED, FAILED;

	private static final Map<ImportState, Set<ImportState>> ALLOWED = Map.of(CANARY,
			EnumSet.of(WAITING_FOR_REVIEW, DONE, CANCELLED), WAITING_FOR_REVIEW, EnumSet.of(RUNNING, CANARY, CANCELLED),
			RUNNING, EnumSet.of(PAUSED, DONE, CANCELLED), PAUSED, EnumSet.of(RUNNING, CANCELLED), DONE,
			EnumSet.of(RUNNING), CANCELLED, EnumSet.noneOf(ImportState.class), FAILED,
			EnumSet.noneOf(ImportState.class));

	public boolean isTerminal() {
		return this == CANCELLED || this == FAILED;
	}

	/**
	 * Whether an import may go from here to {@code next}; DONE reopens when a failed item
	 * is retried, and WAITING_FOR_REVIEW goes back to CANARY when a canary item is.
	 */
	public boolean canBecome(ImportState next) {
		return ALLOWED.get(this).contains(next);
	}

	/** An item of an import. */
	public enum Item {

		PENDING, RUNNING, DONE, FAILED, SKIPPED, CANCELLED

	}

}
