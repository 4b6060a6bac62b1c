package io.sermonflow.fetch;

import io.sermonflow.error.PermanentException;

/** A sermon URL we will not fetch; the message says why. */
public class RefusedUrlException extends PermanentException {

	public RefusedUrlException(String message) {
		super(message);
	}

}
