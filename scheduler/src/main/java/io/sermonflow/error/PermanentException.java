package io.sermonflow.error;

/** A failure that no retry can fix: corrupt or unsupported media, invalid input. */
public class PermanentException extends SermonflowException {

	public PermanentException(String message) {
		this(message, null);
	}

	public PermanentException(String message, Throwable cause) {
		super(message, false, cause);
	}

}
