package io.sermonflow.archive;

import io.sermonflow.error.PermanentException;

/** No import, or no item of it, has the id asked for (a 404 at the API). */
public class UnknownImportException extends PermanentException {

	UnknownImportException(String message) {
		super(message);
	}

	static UnknownImportException of(String id) {
		return new UnknownImportException("There is no import " + id);
	}

}
