/**
 * The console's settings page: retention horizons, what each would purge, and purging
 * now.
 */
package io.sermonflow.settings;
