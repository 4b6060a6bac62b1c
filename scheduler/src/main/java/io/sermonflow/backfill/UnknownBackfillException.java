package io.sermonflow.backfill;

import io.sermonflow.error.NotFoundException;

public class UnknownBackfillException extends NotFoundException {

	public UnknownBackfillException(String backfillId) {
		super("No backfill " + backfillId);
	}

}
