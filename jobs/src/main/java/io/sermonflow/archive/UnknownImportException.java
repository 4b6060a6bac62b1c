package io.sermonflow.archive;

import io.sermonflow.error.NotFoundException;

/** No import, or no item of it, has the id asked for (a 404 at the API). */
public class UnknownImportException extends NotFoundException {

	UnknownImportException(String message) {
		super(message);
	}

	static UnknownImportException of(String id) {
		return new UnknownImportException("There is no import " + id);
	}

}
