/**
 * The REST API under /api/**: controllers, their problem+json errors and the OpenAPI
 * description; must not import the console's pages.
 */
package io.sermonflow.api;
