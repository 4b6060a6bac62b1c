package io.sermonflow.sermon;

import io.sermonflow.error.ConflictException;

/** An action on a sermon that does not apply to where it stands (a 409 at the API). */
public class SermonStateException extends ConflictException {

	SermonStateException(String message) {
		super(message);
	}

}
