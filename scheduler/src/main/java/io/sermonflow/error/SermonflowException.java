package io.sermonflow.error;

/**
 * The one base of Sermonflow's failures. Each failure says where it is raised whether
 * trying again can help: a retryable failure (a timeout, a 5xx, a refused connection) is
 * retried with backoff; a permanent one (corrupt media, invalid input) fails the run at
 * once without burning retries.
 */
public class SermonflowException extends RuntimeException {

	private final boolean retryable;

	protected SermonflowException(String message, boolean retryable, Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
	}

	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * Whether a failure may succeed when tried again; unknown exceptions are presumed so.
	 */
	public static boolean isRetryable(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SermonflowException sermonflowException) {
				return sermonflowException.isRetryable();
			}
		}
		return true;
	}

}
