/**
 * Console pages for series and preachers; must not import the API.
 */
package io.sermonflow.console.catalog;
