/**
 * The onFailure work that runs exactly once after a run's last attempt fails; must not
 * import the web.
 */
package io.sermonflow.failure;
