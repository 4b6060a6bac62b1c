/**
 * The audit log of staff actions (recorded for every feature by an interceptor) and its
 * console page; shared by the features, so it must not import one.
 */
package io.sermonflow.audit;
