/**
 * Test fixtures every module's tests may use (a proxy that plays a service going away);
 * imports nothing of Sermonflow.
 */
package io.sermonflow.testing;
