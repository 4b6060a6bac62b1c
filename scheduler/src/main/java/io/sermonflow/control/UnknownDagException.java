package io.sermonflow.control;

import io.sermonflow.error.PermanentException;

/** No DAG has the id the caller named. */
public class UnknownDagException extends PermanentException {

	public UnknownDagException(String dagId) {
		super("No DAG with id " + dagId);
	}

}
