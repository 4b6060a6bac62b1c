package io.sermonflow.control;

import io.sermonflow.error.NotFoundException;

/** No DAG has the id the caller named. */
public class UnknownDagException extends NotFoundException {

	public UnknownDagException(String dagId) {
		super("No DAG with id " + dagId);
	}

}
