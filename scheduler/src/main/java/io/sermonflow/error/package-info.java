/**
 * The small error vocabulary: one base, retryable or permanent, not-found and conflict;
 * imports only java.*.
 */
package io.sermonflow.error;
