/**
 * Console pages for archive imports; must not import the API.
 */
package io.sermonflow.console.imports;
