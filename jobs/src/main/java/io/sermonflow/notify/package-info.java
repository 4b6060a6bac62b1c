/**
 * Console notifications and the signed webhook; names subjects by id, never console
 * paths; must not import the web.
 */
package io.sermonflow.notify;
