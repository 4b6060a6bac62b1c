/**
 * The audit log of staff actions, kept and shown to admins; must not import the API or
 * console packages.
 */
package io.sermonflow.audit;
