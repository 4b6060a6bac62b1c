/**
 * Archive imports: submitting a feed, the canary, pacing, pause, resume and retry, in the
 * API and the console.
 */
package io.sermonflow.imports;
