package io.sermonflow.archive;

import io.sermonflow.error.ConflictException;

/** An action that does not apply to where an import or item stands (a 409 at the API). */
public class ImportStateException extends ConflictException {

	ImportStateException(String message) {
		super(message);
	}

}
