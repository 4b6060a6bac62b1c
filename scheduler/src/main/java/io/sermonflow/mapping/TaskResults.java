package io.sermonflow.mapping;

import java.nio.charset.StandardCharsets;

import io.sermonflow.error.PermanentException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task results as they are stored: JSON, passed between tasks inline, so capped; media
 * and transcripts go by reference. One rule for whole tasks and for the pieces of mapped
 * ones.
 */
public final class TaskResults {

	public static final int MAX_BYTES = 1024 * 1024;

	private TaskResults() {
	}

	/**
	 * The result as JSON; a result over the cap fails for good, naming what returned it
	 * ("Task 'x'", "Piece x[3]").
	 */
	public static String serialised(JsonMapper json, String what, Object result) {
		String output = json.writeValueAsString(result);
		int size = output.getBytes(StandardCharsets.UTF_8).length;
		if (size > MAX_BYTES) {
			throw new PermanentException(what + " returned a result of " + size + " bytes; the limit is " + MAX_BYTES
					+ ". Pass large data by reference (a media key).");
		}
		return output;
	}

}
