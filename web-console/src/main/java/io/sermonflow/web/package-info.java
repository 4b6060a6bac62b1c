/**
 * Web plumbing every feature shares: problem+json errors, JSON body limits and field
 * checks, instants on the wire, the OpenAPI description, and the console layout's model
 * (viewer, durations, form JSON). Knows no feature.
 */
package io.sermonflow.web;
