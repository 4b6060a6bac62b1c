package io.sermonflow.run;

/**
 * A state change the transition table forbids: a bug in the caller, never a user error.
 */
public class IllegalTransitionException extends IllegalStateException {

	public IllegalTransitionException(String what, Enum<?> from, Enum<?> to) {
		super("Illegal " + what + " transition " + from + " -> " + to);
	}

}
