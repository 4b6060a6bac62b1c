/**
 * Authentication and roles for the console and the API: users, tokens, sign-in guards,
 * CSRF and headers; must not import the console's pages.
 */
package io.sermonflow.security;
