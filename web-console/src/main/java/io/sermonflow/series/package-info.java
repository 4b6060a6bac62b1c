/**
 * Series and preachers (the catalog listeners browse by), in the API and the console.
 */
package io.sermonflow.series;
