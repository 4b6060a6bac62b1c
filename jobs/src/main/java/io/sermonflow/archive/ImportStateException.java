package io.sermonflow.archive;

import io.sermonflow.error.PermanentException;

/** An action that does not apply to where an import or item stands (a 409 at the API). */
public class ImportStateException extends PermanentException {

	ImportStateException(String message) {
		super(message);
	}

}
