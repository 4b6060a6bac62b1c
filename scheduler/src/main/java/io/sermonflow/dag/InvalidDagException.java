package io.sermonflow.dag;

import io.sermonflow.error.PermanentException;

/** A DAG that cannot run: a cycle, an unknown or duplicate task, a bad schedule. */
public class InvalidDagException extends PermanentException {

	public InvalidDagException(String dagId, String problem) {
		super("DAG '" + dagId + "' is invalid: " + problem);
	}

}
