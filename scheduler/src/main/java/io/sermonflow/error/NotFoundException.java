package io.sermonflow.error;

/**
 * Something the caller named does not exist (or may not be revealed): a 404 at the API,
 * and permanent in a task, since asking again finds nothing more.
 */
public class NotFoundException extends PermanentException {

	public NotFoundException(String message) {
		super(message);
	}

}
