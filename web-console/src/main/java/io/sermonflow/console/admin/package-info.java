/**
 * Console pages for users, tokens and sign-in blocks (ADMIN); must not import the API.
 */
package io.sermonflow.console.admin;
