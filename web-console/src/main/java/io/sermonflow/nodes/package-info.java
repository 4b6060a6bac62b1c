/**
 * The cluster's nodes: leases, roles, slots and tools, in the API and the console.
 */
package io.sermonflow.nodes;
