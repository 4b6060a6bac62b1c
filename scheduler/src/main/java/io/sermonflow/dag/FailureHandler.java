package io.sermonflow.dag;

/**
 * Runs after a run's last attempt failed, whatever failed it (a permanent error, retries
 * exhausted, a timeout, its node lost too often, its DAG changed under it). Its work and
 * the record that it ran commit together, so it takes effect once; when it throws, it is
 * tried again with backoff, and a node that dies while it runs leaves it to another. Its
 * return value is stored with the run as the handler's result.
 */
@FunctionalInterface
public interface FailureHandler {

	Object onFailure(FailedRun failure) throws Exception;

}
