package io.sermonflow.api;

/** A resource the request names does not exist (or may not be revealed). */
class NotFoundException extends RuntimeException {

	NotFoundException(String message) {
		super(message);
	}

}
