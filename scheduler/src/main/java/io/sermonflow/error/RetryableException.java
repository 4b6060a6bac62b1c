package io.sermonflow.error;

/**
 * A failure that may pass when tried again later: a timeout, a 5xx, a refused connection.
 */
public class RetryableException extends SermonflowException {

	public RetryableException(String message) {
		this(message, null);
	}

	public RetryableException(String message, Throwable cause) {
		super(message, true, cause);
	}

}
