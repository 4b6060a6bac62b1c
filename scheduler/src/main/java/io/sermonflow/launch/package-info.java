/**
 * Runs a claimed run as Spring Batch jobs and steps, with results, logs, timeouts and
 * slots; the only package that talks to Spring Batch's launcher.
 */
package io.sermonflow.launch;
