package io.sermonflow.backfill;

public class UnknownBackfillException extends RuntimeException {

	public UnknownBackfillException(String backfillId) {
		super("No backfill " + backfillId);
	}

}
