package io.sermonflow.error;

/**
 * An action that does not apply to where its subject stands (a run's, a sermon's or an
 * import's state, a transcript's version): a 409 at the API naming the state.
 */
public class ConflictException extends PermanentException {

	public ConflictException(String message) {
		super(message);
	}

}
