package io.sermonflow.dag;

/**
 * Runs exactly once after a run's last attempt failed. Its return value is stored with
 * the run as the handler's result.
 */
@FunctionalInterface
public interface FailureHandler {

	Object onFailure(FailedRun failure) throws Exception;

}
