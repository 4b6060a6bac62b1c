/**
 * The engine's Spring wiring and node identity: properties, roles, the node lease,
 * cluster nodes and their metrics; must not import jobs or web code.
 */
package io.sermonflow.config;
