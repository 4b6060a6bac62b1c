/**
 * The dead-letter queue: inspect, redrive and delete, in the API and the console.
 */
package io.sermonflow.deadletters;
