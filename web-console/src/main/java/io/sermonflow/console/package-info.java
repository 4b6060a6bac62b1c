/**
 * The staff console's shared pages and view helpers (dashboard, layout, durations,
 * charts); must not import the API.
 */
package io.sermonflow.console;
